import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import { processWide } from '../shared/process-wide';
import { newestBackup } from './backup';
import { emptyReport, importLegacyFile } from './import-file';
import { hasImportedEntries } from './ledger';
import { checkTimeZone, resolveLegacyTimeZone } from './legacy-time-zone';
import { loadLegacySecretKey } from './legacy-secrets';
import { normalizeDatasources, normalizeMysqlConfigs, connectionsOf } from './normalize-datasources';
import { normalizeFavorites } from './normalize-favorites';
import { normalizeFileSources } from './normalize-file-sources';
import type { NormalizeContext, NormalizeResult } from './normalized-file';
import { readJsonFile } from './read-json-file';
import { LEGACY_FILES, type LegacyFileName, type LegacyFileReport, type LegacyImportOptions, type LegacyImportReport } from './types';

export type { LegacyImportReport } from './types';

const NORMALIZERS: Record<LegacyFileName, (value: unknown, context: NormalizeContext) => NormalizeResult> = {
  'file-datasources.json': normalizeFileSources,
  'sql-favorites.json': normalizeFavorites,
  'datasources.json': normalizeDatasources,
  'mysql-configs.json': normalizeMysqlConfigs,
};

/**
 * Imports the legacy JSON files of `configDir`, each in its own transaction (import-file.ts).
 * Never throws for a file's sake: a file that cannot be imported is reported `failed` and the
 * others go on, so start-up is never stopped by a bad legacy file.
 *
 * Absent files are not listed. With `force`, a file whose original is gone is re-run from its
 * newest backup (the backup stays where it is), and bytes imported before are imported again:
 * rows changed in DuckDB since (NULL import_checksum) are still never overwritten.
 */
export function runLegacyImport(database: Database, options: LegacyImportOptions): Promise<LegacyImportReport> {
  // One run at a time per process (start-up, the admin page and a double click may overlap):
  // two runs racing for one file would both try to move it. On globalThis, because Next.js may
  // load this module more than once.
  const runs = processWide('duckquery.legacy-import.runs', () => ({ last: Promise.resolve() as Promise<unknown> }));
  const run = runs.last.then(() => runOnce(database, options));
  runs.last = run.catch(() => undefined);
  return run;
}

async function runOnce(database: Database, options: LegacyImportOptions): Promise<LegacyImportReport> {
  const dryRun = options.dryRun ?? false;
  const force = options.force ?? false;
  const { zone, source } = resolveLegacyTimeZone(options.legacyTimeZone, options.configDir);
  const report: LegacyImportReport = { configDir: options.configDir, dryRun, force, timeZone: zone, timeZoneSource: source, files: [] };
  const zoneProblem = await checkTimeZone(database, zone);
  const context: NormalizeContext = { zone, fernetKey: loadLegacySecretKey(options.configDir).key, keyring: options.keyring };

  for (const file of LEGACY_FILES) {
    const located = locate(options.configDir, file, force);
    if (!located) continue;
    if (file === 'mysql-configs.json') {
      const reason = await mysqlConfigsSkipReason(database, options.configDir);
      if (reason) {
        report.files.push({ ...emptyReport(file, located.sourcePath), reason });
        continue;
      }
    }
    report.files.push(
      await importLegacyFile(database, {
        file,
        ...located,
        // A zone DuckDB does not know fails each file the same way a corrupt one does.
        normalize: zoneProblem ? () => ({ error: zoneProblem }) : NORMALIZERS[file],
        context,
        actor: options.actor,
        dryRun,
        force,
      }),
    );
  }
  return report;
}

function locate(configDir: string, file: LegacyFileName, force: boolean): { sourcePath: string; fromBackup: boolean } | null {
  const original = path.join(configDir, file);
  if (fs.existsSync(original)) return { sourcePath: original, fromBackup: false };
  const backup = force ? newestBackup(original) : null;
  return backup ? { sourcePath: backup, fromBackup: true } : null;
}

/**
 * The legacy app read mysql-configs.json only when datasources.json had no database_sources.
 * datasources.json may already sit in a backup, or be gone with only the ledger remembering it.
 */
async function mysqlConfigsSkipReason(database: Database, configDir: string): Promise<string | null> {
  const original = path.join(configDir, 'datasources.json');
  const datasourcesPath = fs.existsSync(original) ? original : newestBackup(original);
  if (datasourcesPath) {
    const read = readJsonFile(datasourcesPath);
    if (!read.ok) return 'datasources.json cannot be read, so whether mysql-configs.json is still in use is unknown; fix datasources.json first';
    if ((connectionsOf(read.value)?.connections.length ?? 0) > 0) {
      return 'datasources.json has database_sources; the legacy app ignored mysql-configs.json then';
    }
    return null;
  }
  try {
    const imported = await database.read((connection) => hasImportedEntries(connection, 'datasources.json'));
    return imported ? 'an earlier import of datasources.json had database_sources; the legacy app ignored mysql-configs.json then' : null;
  } catch (error) {
    return `the import ledger could not be read (${errorMessage(error)})`;
  }
}

export function failedFiles(report: LegacyImportReport): LegacyFileReport[] {
  return report.files.filter((file) => file.status === 'failed');
}
