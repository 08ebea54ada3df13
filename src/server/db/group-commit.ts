import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { withTransaction } from './transaction';

/** A write that runs its own statements. */
export type WriteWork<T> = (connection: DuckDBConnection) => Promise<T>;

/**
 * A write that many callers can share ONE statement for (a multi-row INSERT … ON CONFLICT).
 * `runMany` gets inputs with distinct keys and returns one output per input, in order.
 */
export interface BatchedWrite<I, O> {
  name: string;
  key(input: I): string;
  runMany(connection: DuckDBConnection, inputs: I[]): Promise<O[]>;
}

/** Rows to write in the same transaction as a unit, only if it succeeds (audit rows). */
export type AttachedRows = (connection: DuckDBConnection, units: number) => Promise<void>;

interface Pending {
  run: (connection: DuckDBConnection) => Promise<unknown>;
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
 * conflicts with other connections are retried by `withTransaction`.
 */
export class GroupCommitWriter {
  private queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly instance: DuckDBInstance,
    /** Writes the attached rows of the units that committed together (one statement). */
    private readonly writeAttached: (connection: DuckDBConnection, attached: unknown[]) => Promise<void>,
    private readonly maxBatch = 512,
  ) {}

  write<T>(work: WriteWork<T>, attached?: unknown): Promise<T> {
    return this.enqueue({ run: work, attached });
  }

  writeBatched<I, O>(kind: BatchedWrite<I, O>, input: I, attached?: unknown): Promise<O> {
    const batched = { kind: kind as BatchedWrite<unknown, unknown>, input };
    return this.enqueue({ run: async (c) => (await kind.runMany(c, [input]))[0], batched, attached });
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

  private async commitBatch(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await withTransaction(this.instance, (connection) => this.runTogether(connection, batch));
        batch.forEach((unit, index) => unit.resolve(results[index]));
        return;
      } catch {
        // Fall through: find out which unit failed by running each one alone.
      }
    }
    for (const unit of batch) {
      try {
        const [result] = await withTransaction(this.instance, (connection) => this.runTogether(connection, [unit]));
        unit.resolve(result);
      } catch (error) {
        unit.reject(error);
      }
    }
  }

  private async runTogether(connection: DuckDBConnection, units: Pending[]): Promise<unknown[]> {
    const results = new Array<unknown>(units.length);
    const byKind = new Map<BatchedWrite<unknown, unknown>, number[]>();
    for (const [index, unit] of units.entries()) {
      if (unit.batched) byKind.set(unit.batched.kind, [...(byKind.get(unit.batched.kind) ?? []), index]);
      else results[index] = await unit.run(connection);
    }
    for (const [kind, indexes] of byKind) {
      for (const round of roundsOfDistinctKeys(indexes, (i) => kind.key(units[i]!.batched!.input))) {
        const outputs = await kind.runMany(connection, round.map((i) => units[i]!.batched!.input));
        round.forEach((unitIndex, k) => (results[unitIndex] = outputs[k]));
      }
    }
    const attached = units.flatMap((unit) => (unit.attached === undefined ? [] : [unit.attached]));
    if (attached.length > 0) await this.writeAttached(connection, attached);
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
