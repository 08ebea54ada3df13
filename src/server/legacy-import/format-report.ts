import type { LegacyFileReport, LegacyImportReport } from './types';

/** The report for people (the CLI's default output). Never holds a secret: the report has none. */
export function formatReport(report: LegacyImportReport): string {
  const mode = [report.dryRun ? 'dry run' : null, report.force ? 'forced' : null].filter(Boolean).join(', ');
  const lines = [
    `Legacy import from ${report.configDir}${mode ? ` (${mode})` : ''}`,
    `  legacy time zone: ${report.timeZone} (from ${report.timeZoneSource})`,
  ];
  if (report.files.length === 0) lines.push('  no legacy files found');
  for (const file of report.files) lines.push(...formatFile(file));
  return lines.join('\n');
}

function formatFile(file: LegacyFileReport): string[] {
  const lines = [`  ${file.file}: ${file.status}  (${file.path})`];
  if (file.status === 'imported' || file.status === 'dry-run') {
    const verb = file.status === 'dry-run' ? 'would be ' : '';
    lines.push(
      `    ${file.entries} entries: ${file.inserted} ${verb}inserted, ${file.updated} ${verb}updated, ` +
        `${file.unchanged} unchanged, ${file.skipped.length} skipped`,
    );
  }
  if (file.reason) lines.push(`    ${file.reason}`);
  if (file.error) lines.push(`    error: ${file.error}`);
  for (const skipped of file.skipped) lines.push(`    skipped ${skipped.entry}: ${skipped.reason}`);
  if (file.needsPassword.length > 0) lines.push(`    password must be re-entered for: ${file.needsPassword.join(', ')}`);
  for (const note of file.notes) lines.push(`    note: ${note}`);
  if (file.backupPath) lines.push(`    backup: ${file.backupPath}`);
  return lines;
}
