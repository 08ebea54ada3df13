import { z } from 'zod';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import { parseJson, queryOne, queryRows, toNumber } from '../db/rows';
import { log } from '../log';
import { pageInput } from '../shared/list';
import { redact } from './redact';

/** Append-only record of every change made through the app. Nothing updates or deletes rows. */
export interface AuditEvent {
  actor: string;
  action: string;
  target_type?: string | null;
  target_id?: string | null;
  outcome: 'ok' | 'error';
  details?: Record<string, unknown>;
  duration_ms?: number | null;
}

export interface AuditRow extends Required<AuditEvent> {
  id: number;
  occurred_at: Date;
}

export async function appendAudit(database: Database, event: AuditEvent): Promise<void> {
  try {
    await database.write((connection) =>
      connection.run(
        `INSERT INTO system_audit_log (actor, action, target_type, target_id, outcome, details, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6::JSON, $7)`,
        [
          event.actor,
          event.action,
          event.target_type ?? null,
          event.target_id ?? null,
          event.outcome,
          JSON.stringify(redact(event.details ?? {})),
          event.duration_ms ?? null,
        ],
      ),
    );
  } catch (error) {
    // The change itself already happened; losing its audit row must not turn it into an error.
    log.error(`could not append to the audit log (${event.action}): ${errorMessage(error)}`);
  }
}

/** Runs a change and records it (ok or error, with its duration) in the audit log. */
export async function audited<T>(
  database: Database,
  event: Omit<AuditEvent, 'outcome' | 'duration_ms'>,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    await appendAudit(database, { ...event, outcome: 'ok', duration_ms: performance.now() - started });
    return result;
  } catch (error) {
    const details = { ...event.details, error: errorMessage(error) };
    await appendAudit(database, { ...event, details, outcome: 'error', duration_ms: performance.now() - started });
    throw error;
  }
}

export const auditListInput = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(300).optional(),
  outcome: z.enum(['ok', 'error']).optional(),
  since: z.date().optional(),
  until: z.date().optional(),
  ...pageInput,
});
export type AuditListInput = z.infer<typeof auditListInput>;

export async function listAudit(database: Database, input: AuditListInput) {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  const filters: [keyof AuditListInput, string][] = [
    ['actor', 'actor = $actor'],
    ['action', 'action = $action'],
    ['targetType', 'target_type = $targetType'],
    ['targetId', 'target_id = $targetId'],
    ['outcome', 'outcome = $outcome'],
  ];
  for (const [key, clause] of filters) {
    const value = input[key];
    if (typeof value === 'string') {
      where.push(clause);
      params[key] = value;
    }
  }
  if (input.since) (where.push('occurred_at >= $since::TIMESTAMPTZ'), (params.since = input.since.toISOString()));
  if (input.until) (where.push('occurred_at < $until::TIMESTAMPTZ'), (params.until = input.until.toISOString()));
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return database.read(async (connection) => {
    const total = toNumber((await queryOne(connection, `SELECT count(*) AS n FROM system_audit_log ${whereSql}`, params))?.n) ?? 0;
    const rows = await queryRows(
      connection,
      `SELECT * FROM system_audit_log ${whereSql} ORDER BY id DESC LIMIT $limit OFFSET $offset`,
      { ...params, limit: input.limit, offset: input.offset },
    );
    const items = rows.map((row) => ({
      ...(row as unknown as AuditRow),
      id: toNumber(row.id)!,
      details: parseJson<Record<string, unknown>>(row.details, {}),
    }));
    return { items, total, limit: input.limit, offset: input.offset };
  });
}
