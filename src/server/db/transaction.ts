import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { isWriteConflict } from './errors';
import type { SqlRunner } from './statement-cache';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** First back-off in ms; doubled each retry, with jitter. */
  backoffMs?: number;
}

/** Opens a connection for one unit of work and always closes it. */
export async function withConnection<T>(
  instance: DuckDBInstance,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}

/**
 * Runs `work` in one transaction on its own connection. A write-write conflict with another
 * transaction rolls back and retries the whole unit with exponential back-off; any other error
 * rolls back and is rethrown. `work` must therefore have no side effects outside the database.
 */
export function withTransaction<T>(
  instance: DuckDBInstance,
  work: (connection: DuckDBConnection) => Promise<T>,
  options?: RetryOptions,
): Promise<T> {
  return retryOnWriteConflict(() => withConnection(instance, (connection) => inTransaction(connection, work)), options);
}

/** Runs a whole transaction again, with back-off, while it loses write-write conflicts. */
export async function retryOnWriteConflict<T>(transaction: () => Promise<T>, { attempts = 6, backoffMs = 2 }: RetryOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= attempts) throw error;
      const delay = backoffMs * 2 ** (attempt - 1);
      await sleep(delay / 2 + Math.random() * delay);
    }
  }
}

/**
 * BEGIN / COMMIT around `work` on a connection the caller owns; ROLLBACK on any failure. The
 * three run through `sql`: the connection itself, or its prepared statements (statement-cache.ts).
 */
export async function inTransaction<T>(
  connection: DuckDBConnection,
  work: (connection: DuckDBConnection) => Promise<T>,
  sql: SqlRunner = connection,
): Promise<T> {
  await sql.run('BEGIN TRANSACTION');
  try {
    const result = await work(connection);
    await sql.run('COMMIT');
    return result;
  } catch (error) {
    await sql.run('ROLLBACK').catch(() => undefined); // already aborted by DuckDB: fine
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
