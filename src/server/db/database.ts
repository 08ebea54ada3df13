import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { isFileLockError, errorMessage } from './errors';
import { GroupCommitWriter, type BatchedWrite } from './group-commit';
import { claimPendingAudit, type PendingAudit } from '../audit/audit-context';
import { committedAuditEvent } from '../audit/audit-log';
import { insertAuditRows } from '../audit/insert-audit-rows';
import { withConnection, withTransaction, type RetryOptions } from './transaction';
import { applyHardening, creationOptions, type EngineSettings } from './engine-settings';

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
 * - `write` / `writeBatched`: a small write that shares a group commit with concurrent writes.
 */
export class Database {
  private readonly writer: GroupCommitWriter;

  private constructor(
    readonly instance: DuckDBInstance,
    readonly path: string,
    /** The hardening applied at creation (null: opened without, e.g. by a test of the store alone). */
    readonly engine: EngineSettings | null,
  ) {
    this.writer = new GroupCommitWriter(instance, (statements, attached) =>
      insertAuditRows(statements, (attached as PendingAudit[]).map(committedAuditEvent)),
    );
  }

  /**
   * Opens (creating if needed) a database file, or ':memory:'. With `engine`, the instance is
   * hardened before anything else can connect (engine-settings.ts); the start-up self-check then
   * reads every setting back.
   */
  static async open(dbPath: string, engine: EngineSettings | null = null): Promise<Database> {
    if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(dbPath, engine ? creationOptions(engine) : undefined);
    } catch (error) {
      if (isFileLockError(error)) throw new DatabaseLockedError(dbPath, error);
      // The C API says only "Failed to set config": name what was asked for.
      if (engine && /Failed to set config/i.test(errorMessage(error))) throw new Error(`DuckDB did not accept the engine settings ${JSON.stringify(creationOptions(engine))}: ${errorMessage(error)}`);
      throw error;
    }
    if (engine) {
      try {
        await withConnection(instance, (connection) => applyHardening(connection, engine));
      } catch (error) {
        instance.closeSync();
        throw new Error(`Could not harden the DuckDB engine: ${errorMessage(error)}`);
      }
    }
    return new Database(instance, dbPath, engine);
  }

  read<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return withConnection(this.instance, work);
  }

  transaction<T>(work: (connection: DuckDBConnection) => Promise<T>, options?: RetryOptions): Promise<T> {
    return withTransaction(this.instance, work, options);
  }

  /** A small write, group-committed with concurrent ones (and with the audit row of the change it belongs to). */
  write<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.writer.write(work, claimPendingAudit());
  }

  /** A write of one kind that shares a multi-row statement with concurrent writes of that kind. */
  writeBatched<I, O>(kind: BatchedWrite<I, O>, input: I): Promise<O> {
    return this.writer.writeBatched(kind, input, claimPendingAudit());
  }

  close(): void {
    this.writer.close();
    this.instance.closeSync();
  }
}
