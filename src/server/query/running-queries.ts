import type { DuckDBConnection } from '@duckdb/node-api';
import { DomainError } from '../errors';

export type StopReason = 'timeout' | 'cancelled';

export interface RunningQuery {
  queryId: string;
  actor: string;
  startedAt: Date;
  sqlPreview: string;
  /** Set once the query is told to stop; checked between statements too. */
  stopReason: StopReason | null;
  connection: DuckDBConnection | null;
}

/**
 * The queries running in this process: a cap on how many run at once (each holds a connection
 * and DuckDB threads), and a way to stop one. Stopping calls `connection.interrupt()`, which
 * makes DuckDB abandon the statement at its next check; the service also checks `stopReason`
 * between statements, since an interrupt that lands between two statements is otherwise lost.
 */
export class RunningQueries {
  private readonly running = new Map<string, RunningQuery>();

  constructor(private readonly maxConcurrent: number) {}

  /** Registers a query, or refuses (BUSY) when the cap is reached or the id is in use. */
  start(queryId: string, actor: string, sql: string): RunningQuery {
    if (this.running.has(queryId)) throw new DomainError('CONFLICT', `a query with id '${queryId}' is already running`, { queryId });
    if (this.running.size >= this.maxConcurrent) {
      throw new DomainError(
        'BUSY',
        `${this.running.size} queries are already running (DUCKQUERY_MAX_CONCURRENT_QUERIES = ${this.maxConcurrent}); try again when one has finished`,
        { running: this.running.size, max: this.maxConcurrent },
      );
    }
    const query: RunningQuery = { queryId, actor, startedAt: new Date(), sqlPreview: sql.slice(0, 200), stopReason: null, connection: null };
    this.running.set(queryId, query);
    return query;
  }

  finish(query: RunningQuery): void {
    if (this.running.get(query.queryId) === query) this.running.delete(query.queryId);
  }

  /** Interrupts a running query; false when there is none with that id (for this actor). */
  stop(queryId: string, reason: StopReason, actor?: string): boolean {
    const query = this.running.get(queryId);
    if (!query || (actor !== undefined && query.actor !== actor)) return false;
    query.stopReason ??= reason;
    query.connection?.interrupt();
    return true;
  }

  list(actor?: string): RunningQuery[] {
    return [...this.running.values()].filter((q) => actor === undefined || q.actor === actor);
  }
}
