import { DomainError, isDomainError } from '../errors';
import { errorMessage, isWriteConflict } from '../db/errors';
import type { RunningQuery } from './running-queries';
import { StatementError } from './statement-guard';

/** A statement the guard refused: FORBIDDEN, naming the statement and the reason. */
export class RefusedStatement extends DomainError {
  constructor(
    readonly reason: string,
    index: number,
    total: number,
  ) {
    const which = total > 1 ? `statement ${index + 1} of ${total}` : 'the statement';
    super('FORBIDDEN', `Refused ${which}: ${reason}. No change was committed.`, { statement: index + 1, reason });
  }
}

/** Thrown between statements once a query has been told to stop. */
export class QueryStopped extends Error {
  override name = 'QueryStopped';
}

const MAX_MESSAGE = 4000;

/**
 * The error a caller sees for a failed query. DuckDB's own messages are shown (they quote the
 * caller's own SQL, which is the point); a refused file access is FORBIDDEN; an interrupt is a
 * timeout or a cancel depending on who stopped it; anything else stays an internal error.
 */
export function queryError(error: unknown, running: RunningQuery, timeoutMs: number): unknown {
  if (isDomainError(error)) return error;
  const message = errorMessage(error).slice(0, MAX_MESSAGE);
  if (running.stopReason === 'timeout' && (error instanceof QueryStopped || /INTERRUPT/i.test(message))) {
    return new DomainError('TIMEOUT', `The query ran longer than ${timeoutMs} ms (DUCKQUERY_QUERY_TIMEOUT_MS) and was stopped. No change was committed.`, {
      timeout_ms: timeoutMs,
    });
  }
  if (running.stopReason === 'cancelled' && (error instanceof QueryStopped || /INTERRUPT/i.test(message))) {
    return new DomainError('CANCELLED', 'The query was cancelled. No change was committed.');
  }
  if (!(error instanceof StatementError)) return error;
  if (/^Permission Error/i.test(message)) return new DomainError('FORBIDDEN', `DuckDB refused: ${message}`);
  if (isWriteConflict(error)) return new DomainError('CONFLICT', `${message} (another change to the same rows committed first; run it again)`);
  return new DomainError('BAD_INPUT', message);
}
