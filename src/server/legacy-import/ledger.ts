import type { DuckDBConnection } from '@duckdb/node-api';
import type { LegacyFileName, SkippedEntry } from './types';

/** system_legacy_imports: one row per import attempt of a legacy file, keyed in use by (file, sha256). */

export interface ImportedRow {
  id: number;
  finishedAt: Date | null;
  backupPath: string | null;
}

/** The newest committed import of exactly these bytes, if any. */
export async function findImported(connection: DuckDBConnection, file: LegacyFileName, sha256: string): Promise<ImportedRow | null> {
  const reader = await connection.runAndReadAll(
    `SELECT id, finished_at, backup_path FROM system_legacy_imports
     WHERE file_name = $1 AND sha256 = $2 AND status = 'imported' ORDER BY id DESC LIMIT 1`,
    [file, sha256],
  );
  const row = reader.getRowsJS()[0];
  return row ? { id: Number(row[0]), finishedAt: (row[1] as Date | null) ?? null, backupPath: (row[2] as string | null) ?? null } : null;
}

/** True when some committed import of `file` held at least one entry. */
export async function hasImportedEntries(connection: DuckDBConnection, file: LegacyFileName): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*) FROM system_legacy_imports WHERE file_name = $1 AND status = 'imported' AND entries_total > 0`,
    [file],
  );
  return Number(reader.getRowsJS()[0]?.[0] ?? 0) > 0;
}

export interface LedgerEntry {
  file: LegacyFileName;
  path: string;
  sha256: string | null;
  status: 'imported' | 'failed';
  forced: boolean;
  entries: number;
  inserted: number;
  updated: number;
  skipped: SkippedEntry[];
  error: string | null;
  startedAt: Date;
}

export async function insertLedgerRow(connection: DuckDBConnection, entry: LedgerEntry): Promise<number> {
  const reader = await connection.runAndReadAll(
    `INSERT INTO system_legacy_imports (file_name, file_path, sha256, status, forced, entries_total, inserted_count,
       updated_count, skipped_count, skipped, error, started_at, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::JSON, $11, $12::TIMESTAMPTZ, $13::TIMESTAMPTZ) RETURNING id`,
    [
      entry.file,
      entry.path,
      entry.sha256,
      entry.status,
      entry.forced,
      entry.entries,
      entry.inserted,
      entry.updated,
      entry.skipped.length,
      JSON.stringify(entry.skipped),
      entry.error,
      entry.startedAt.toISOString(),
      new Date().toISOString(),
    ],
  );
  return Number(reader.getRowsJS()[0]![0]);
}

export async function setBackupPath(connection: DuckDBConnection, id: number, backupPath: string): Promise<void> {
  await connection.run(`UPDATE system_legacy_imports SET backup_path = $1 WHERE id = $2`, [backupPath, id]);
}
