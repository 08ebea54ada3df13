import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { withTransaction } from './transaction';

type WriteUnit<T> = (connection: DuckDBConnection) => Promise<T>;

interface Pending {
  work: WriteUnit<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for small metadata writes.
 *
 * One DuckDB commit costs a few milliseconds whatever its size, so one transaction per save caps
 * the server at a few hundred saves per second (issue 2). Writes that arrive while a commit is in
 * flight wait in a queue and are then committed together in ONE transaction. Each caller still
 * gets its own result. If any unit in a batch fails, the batch is rolled back and every unit is
 * re-run alone, so one bad write (a taken name, say) never fails or loses its neighbours.
 *
 * All queued writes run one after another on the writer, so they never conflict with each other;
 * conflicts with other connections are retried by `withTransaction`.
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly maxBatch = 256,
  ) {}

  write<T>(work: WriteUnit<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commitBatch(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await withTransaction(this.instance, async (connection) => {
          const out: unknown[] = [];
          for (const unit of batch) out.push(await unit.work(connection));
          return out;
        });
        batch.forEach((unit, index) => unit.resolve(results[index]));
        return;
      } catch {
        // Fall through: find out which unit failed by running each one alone.
      }
    }
    for (const unit of batch) {
      try {
        unit.resolve(await withTransaction(this.instance, unit.work));
      } catch (error) {
        unit.reject(error);
      }
    }
  }
}
