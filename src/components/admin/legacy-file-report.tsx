import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { RouterOutputs } from '@/trpc/router-types';

type FileReport = RouterOutputs['migrations']['previewLegacyImport']['files'][number];

const TONE: Record<string, BadgeTone> = { imported: 'good', 'dry-run': 'info', skipped: 'neutral', failed: 'bad' };

/** One legacy JSON file in a preview or a run: counts, skipped entries and why, errors where they are, the backup made. */
export function LegacyFileReport({ file }: { file: FileReport }) {
  return (
    <article aria-label={`Legacy file ${file.file}`} className="space-y-2 rounded border border-slate-200 p-3 text-sm dark:border-slate-800">
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="font-mono text-sm font-semibold">{file.file}</h3>
        <Badge tone={TONE[file.status] ?? 'neutral'}>{file.status === 'dry-run' ? 'would import' : file.status}</Badge>
        <span className="ml-auto font-mono text-[11px] text-slate-400" title={file.path}>
          {file.path}
        </span>
      </header>
      <p className="text-slate-600 dark:text-slate-400" data-testid="legacy-counts">
        {file.entries} entries: {file.inserted} new, {file.updated} updated, {file.unchanged} unchanged, {file.skipped.length} skipped
        {file.needsPassword.length > 0 && ` · password to re-enter: ${file.needsPassword.join(', ')}`}
      </p>
      {file.reason && <p className="text-slate-600 dark:text-slate-400">Skipped: {file.reason}</p>}
      {file.error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {file.errorPosition ? `Line ${file.errorPosition.line}, column ${file.errorPosition.column}: ` : ''}
          {file.error}
        </p>
      )}
      {file.skipped.length > 0 && (
        <ul className="list-inside list-disc text-xs text-slate-600 dark:text-slate-400" aria-label={`Skipped entries of ${file.file}`}>
          {file.skipped.map((s, i) => (
            <li key={i}>
              <span className="font-mono">{s.entry}</span>: {s.reason}
            </li>
          ))}
        </ul>
      )}
      {file.notes.length > 0 && (
        <ul className="text-xs text-slate-500">
          {file.notes.map((note, i) => (
            <li key={i}>ℹ {note}</li>
          ))}
        </ul>
      )}
      {file.backupPath && <p className="text-xs text-slate-500">Backup: <span className="font-mono">{file.backupPath}</span></p>}
    </article>
  );
}
