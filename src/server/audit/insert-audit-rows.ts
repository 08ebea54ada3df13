import { DOUBLE, VARCHAR } from '@duckdb/node-api';
import { listParams } from '../db/list-params';
import type { SqlRunner } from '../db/statement-cache';
import type { AuditEvent } from './audit-event';
import { redact } from './redact';

/** One statement for any number of rows (src/server/db/list-params.ts). */
const INSERT_AUDIT_ROWS = `INSERT INTO system_audit_log (actor, action, target_type, target_id, outcome, details, duration_ms)
  SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]), unnest($3::VARCHAR[]), unnest($4::VARCHAR[]),
    unnest($5::VARCHAR[]), unnest($6::VARCHAR[])::JSON, unnest($7::DOUBLE[])`;

function auditParams(events: AuditEvent[]) {
  return listParams([
    [VARCHAR, events.map((event) => event.actor)],
    [VARCHAR, events.map((event) => event.action)],
    [VARCHAR, events.map((event) => event.target_type ?? null)],
    [VARCHAR, events.map((event) => event.target_id ?? null)],
    [VARCHAR, events.map((event) => event.outcome)],
    [VARCHAR, events.map((event) => JSON.stringify(redact(event.details ?? {})))],
    [DOUBLE, events.map((event) => event.duration_ms ?? null)],
  ]);
}

/** Appends audit rows with one INSERT (details redacted: never a secret). */
export async function insertAuditRows(sql: SqlRunner, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { values, types } = auditParams(events);
  await sql.run(INSERT_AUDIT_ROWS, values, types);
}
