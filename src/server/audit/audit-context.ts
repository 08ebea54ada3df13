import { AsyncLocalStorage } from 'node:async_hooks';
import { processWide } from '../shared/process-wide';
import type { AuditEvent } from './audit-event';

/**
 * The audit row of the change being made in this async context, if any.
 *
 * `audited()` opens it; the first `database.write` inside claims it and writes the row in the
 * SAME transaction (and group commit) as the change: a committed change always has its audit row,
 * and auditing costs no extra commit. If the change fails, `audited()` records the failure itself.
 */
export interface PendingAudit {
  event: Omit<AuditEvent, 'outcome' | 'duration_ms'>;
  startedAt: number;
  claimed: boolean;
}

/**
 * ONE store per process: Next.js loads this module more than once (the database singleton is
 * built by instrumentation's copy, the services run in each route's copy). With a store per
 * copy, the write never saw the route's pending audit, and every change wrote its audit row in
 * a second transaction of its own: slower, and not atomic with the change.
 */
const storage = processWide('duckquery.pendingAudit', () => new AsyncLocalStorage<PendingAudit>());

export function runWithPendingAudit<T>(pending: PendingAudit, work: () => Promise<T>): Promise<T> {
  return storage.run(pending, work);
}

/** Claims the pending audit row for the write about to be queued (once). */
export function claimPendingAudit(): PendingAudit | undefined {
  const pending = storage.getStore();
  if (!pending || pending.claimed) return undefined;
  pending.claimed = true;
  return pending;
}
