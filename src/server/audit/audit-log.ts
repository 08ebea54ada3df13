import { z } from 'zod';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import { parseJson, queryOne, queryRows, toNumber } from '../db/rows';
import { log } from '../log';
import { pageInput } from '../shared/list';

import type { AuditEvent } from './audit-event';
import { claimPendingAudit, runWithPendingAudit, type PendingAudit } from './audit-context';
import { insertAuditRows } from './insert-audit-rows';

export type { AuditEvent } from './audit-event';

/** Append-only record of every change made through the app. Nothing updates or deletes rows. */
export interface AuditRow extends Required<AuditEvent> {
  id: number;
  occurred_at: Date;
}

/** Appends one audit row on its own (for events that are not a store write, or failures). */
export async function appendAudit(database: Database, event: AuditEvent): Promise<void> {
  try {
    await database.write((connection) => insertAuditRows(connection, [event]));
  } catch (error) {
    // The change itself already happened (or failed); losing its audit row must not change its outcome.
    log.error(`could not append to the audit log (${event.action}): ${errorMessage(error)}`);
  }
}

/**
 * Runs a change and records it in the audit log: on success the row is written in the same
 * transaction as the change (see audit-context.ts); on failure an `error` row is appended.
 */
export async function audited<T>(
  database: Database,
  event: Omit<AuditEvent, 'outcome' | 'duration_ms'>,
  work: () => Promise<T>,
): Promise<T> {
  const pending: PendingAudit = { event, startedAt: performance.now(), claimed: false };
  try {
    const result = await runWithPendingAudit(pending, work);
    // A change that made no write of its own (or claimed no row) is still recorded.
    if (!pending.claimed) await appendAudit(database, { ...event, outcome: 'ok', duration_ms: performance.now() - pending.startedAt });
    return result;
  } catch (error) {
    const details = { ...event.details, error: errorMessage(error) };
    await appendAudit(database, { ...event, details, outcome: 'error', duration_ms: performance.now() - pending.startedAt });
    throw error;
  }
}

/** The audit row a pending audit writes when its change commits. */
export function committedAuditEvent(pending: PendingAudit): AuditEvent {
  return { ...pending.event, outcome: 'ok', duration_ms: performance.now() - pending.startedAt };
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
