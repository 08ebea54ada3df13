import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { isFileLockError, errorMessage } from './errors';
import { GroupCommitWriter } from './group-commit';
import { withConnection, withTransaction, type RetryOptions } from './transaction';

export class DatabaseLockedError extends Error {
  constructor(dbPath: string, cause: unknown) {
    super(
      `The database ${dbPath} is in use by another process (is the DuckQuery server running?). ` +
        `Stop it, or use the admin page of the running server. DuckDB said: ${errorMessage(cause)}`,
    );
    this.name = 'DatabaseLockedError';
  }
}

/**
 * The one DuckDB database of this process, with the only ways the app touches it:
 * - `read`: a fresh connection for one unit of read work;
 * - `transaction`: one transaction on its own connection, retried on write-write conflicts;
 * - `write`: a small write that may share a group commit with concurrent writes.
 */
export class Database {
  private readonly writer: GroupCommitWriter;

  private constructor(
    readonly instance: DuckDBInstance,
    readonly path: string,
  ) {
    this.writer = new GroupCommitWriter(instance);
  }

  /** Opens (creating if needed) a database file, or ':memory:'. */
  static async open(dbPath: string): Promise<Database> {
    if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    try {
      const instance = await DuckDBInstance.create(dbPath);
      return new Database(instance, dbPath);
    } catch (error) {
      if (isFileLockError(error)) throw new DatabaseLockedError(dbPath, error);
      throw error;
    }
  }

  read<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return withConnection(this.instance, work);
  }

  transaction<T>(work: (connection: DuckDBConnection) => Promise<T>, options?: RetryOptions): Promise<T> {
    return withTransaction(this.instance, work, options);
  }

  write<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.writer.write(work);
  }

  close(): void {
    this.instance.closeSync();
  }
}
