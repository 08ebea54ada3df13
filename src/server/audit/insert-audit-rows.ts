import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { AuditEvent } from './audit-event';
import { redact } from './redact';

/** Appends audit rows with one multi-row INSERT (details redacted: never a secret). */
export async function insertAuditRows(connection: DuckDBConnection, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const values: string[] = [];
  const params: DuckDBValue[] = [];
  for (const event of events) {
    const n = params.length;
    values.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}::JSON, $${n + 7})`);
    params.push(
      event.actor,
      event.action,
      event.target_type ?? null,
      event.target_id ?? null,
      event.outcome,
      JSON.stringify(redact(event.details ?? {})),
      event.duration_ms ?? null,
    );
  }
  await connection.run(
    `INSERT INTO system_audit_log (actor, action, target_type, target_id, outcome, details, duration_ms) VALUES ${values.join(', ')}`,
    params,
  );
}
