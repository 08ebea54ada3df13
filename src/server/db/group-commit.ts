import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { StatementCache, type SqlRunner } from './statement-cache';
import { inTransaction, retryOnWriteConflict } from './transaction';

/** A write that runs its own statements. */
export type WriteWork<T> = (connection: DuckDBConnection) => Promise<T>;

/**
 * A write that many callers can share ONE statement for (a multi-row INSERT).
 * `runMany` gets inputs with distinct keys and returns one output per input, in order. On the
 * writer, `sql` runs each statement text prepared once for good (statement-cache.ts), so give it
 * fixed texts; other callers may pass a plain connection.
 */
export interface BatchedWrite<I, O> {
  name: string;
  key(input: I): string;
  runMany(sql: SqlRunner, inputs: I[]): Promise<O[]>;
}

interface Pending {
  run: (statements: StatementCache) => Promise<unknown>;
  batched?: { kind: BatchedWrite<unknown, unknown>; input: unknown };
  attached?: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for metadata writes.
 *
 * A DuckDB commit and, above all, each small `INSERT … ON CONFLICT` cost milliseconds, so one
 * transaction per save caps the server at a few hundred saves per second (issue 2). Writes that
 * arrive while a commit is in flight wait in a queue and are then committed together in ONE
 * transaction; batched writes of one kind become one multi-row statement. Each caller still gets
 * its own result. If anything in a batch fails, the batch is rolled back and every unit re-runs
 * alone, so one bad write (a taken name, say) never fails or loses its neighbours.
 *
 * Queued writes run one after another on the writer, so they never conflict with each other;
 * conflicts with other connections are retried (`retryOnWriteConflict`).
 *
 * The writer keeps ONE connection for its lifetime, with its prepared statements: opening a
 * connection and planning each statement again cost more than the writes themselves. (Two or
 * four connections committing batches side by side measured no faster: the batches only got
 * smaller, and each commit costs the same CPU.)
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private draining = false;
  private session: StatementCache | null = null;
  private connecting: Promise<StatementCache> | null = null;
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    /** Writes the attached rows of the units that committed together (one statement). */
    private readonly writeAttached: (sql: SqlRunner, attached: unknown[]) => Promise<void>,
    private readonly maxBatch = 512,
  ) {}

  write<T>(work: WriteWork<T>, attached?: unknown): Promise<T> {
    return this.enqueue({ run: (statements) => work(statements.connection), attached });
  }

  writeBatched<I, O>(kind: BatchedWrite<I, O>, input: I, attached?: unknown): Promise<O> {
    const batched = { kind: kind as BatchedWrite<unknown, unknown>, input };
    return this.enqueue({ run: async (statements) => (await kind.runMany(statements, [input]))[0], batched, attached });
  }

  /**
   * Closes the writer's connection; call it right before closing the instance (an open
   * connection keeps the database, and its file lock, alive). Writes still running fail.
   */
  close(): void {
    this.closed = true;
    this.session?.close();
    this.session = null;
    this.connecting = null;
  }

  private enqueue<T>(unit: Omit<Pending, 'resolve' | 'reject'>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ...unit, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.commitBatch(this.queue.splice(0, this.maxBatch));
    } finally {
      this.draining = false;
    }
  }

  private async statements(): Promise<StatementCache> {
    if (this.closed) throw new Error('The database is closed');
    if (this.session) return this.session;
    this.connecting ??= this.instance.connect().then(
      (connection) => {
        if (this.closed) {
          connection.closeSync(); // closed while connecting: hold nothing open
          throw new Error('The database is closed');
        }
        return (this.session = new StatementCache(connection));
      },
      (error: unknown) => {
        this.connecting = null; // the next write tries again
        throw error;
      },
    );
    return this.connecting;
  }

  /** One transaction on the writer's connection, retried while it loses write-write conflicts. */
  private async transaction(units: Pending[]): Promise<unknown[]> {
    const statements = await this.statements();
    return retryOnWriteConflict(() => inTransaction(statements.connection, () => this.runTogether(statements, units), statements));
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await this.transaction(batch);
        batch.forEach((unit, index) => unit.resolve(results[index]));
        return;
      } catch {
        // Fall through: find out which unit failed by running each one alone.
      }
    }
    for (const unit of batch) {
      try {
        const [result] = await this.transaction([unit]);
        unit.resolve(result);
      } catch (error) {
        unit.reject(error);
      }
    }
  }

  private async runTogether(statements: StatementCache, units: Pending[]): Promise<unknown[]> {
    const results = new Array<unknown>(units.length);
    const byKind = new Map<BatchedWrite<unknown, unknown>, number[]>();
    for (const [index, unit] of units.entries()) {
      if (unit.batched) byKind.set(unit.batched.kind, [...(byKind.get(unit.batched.kind) ?? []), index]);
      else results[index] = await unit.run(statements);
    }
    for (const [kind, indexes] of byKind) {
      for (const round of roundsOfDistinctKeys(indexes, (i) => kind.key(units[i]!.batched!.input))) {
        const outputs = await kind.runMany(statements, round.map((i) => units[i]!.batched!.input));
        round.forEach((unitIndex, k) => (results[unitIndex] = outputs[k]));
      }
    }
    const attached = units.flatMap((unit) => (unit.attached === undefined ? [] : [unit.attached]));
    if (attached.length > 0) await this.writeAttached(statements, attached);
    return results;
  }
}

/** Splits indexes into rounds in which no key repeats, keeping each key's order. */
function roundsOfDistinctKeys(indexes: number[], keyOf: (index: number) => string): number[][] {
  const rounds: number[][] = [];
  const seen: Set<string>[] = [];
  for (const index of indexes) {
    const key = keyOf(index);
    let r = 0;
    while (seen[r]?.has(key)) r++;
    (rounds[r] ??= []).push(index);
    (seen[r] ??= new Set()).add(key);
  }
  return rounds;
}
