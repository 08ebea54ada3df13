import type { DuckDBConnection } from '@duckdb/node-api';
import { insertAuditRows } from '../audit/insert-audit-rows';
import type { LegacyFileName } from './types';

export interface ImportAuditEntry {
  actor: string;
  file: LegacyFileName;
  outcome: 'ok' | 'error';
  /** Counts, status, sha256, error text: never a secret (callers pass report fields only). */
  details: Record<string, unknown>;
  durationMs: number;
}

/**
 * Appends the `legacy_import.file` audit row. Written on the import's own connection, inside its
 * transaction, so the audit row commits (or rolls back) with the rows it describes.
 */
export async function appendImportAudit(connection: DuckDBConnection, entry: ImportAuditEntry): Promise<void> {
  await insertAuditRows(connection, [
    {
      actor: entry.actor,
      action: 'legacy_import.file',
      target_type: 'legacy_file',
      target_id: entry.file,
      outcome: entry.outcome,
      details: entry.details,
      duration_ms: entry.durationMs,
    },
  ]);
}
