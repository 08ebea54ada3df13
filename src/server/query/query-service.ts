import { randomUUID } from 'node:crypto';
import { quotedIdentifier, StatementType, type DuckDBConnection, type DuckDBResult } from '@duckdb/node-api';
import type { AppContext } from '../app-context';
import { appendAudit } from '../audit/audit-log';
import type { AuditEvent } from '../audit/audit-event';
import { insertAuditRows } from '../audit/insert-audit-rows';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import { DomainError, badInput, conflict } from '../errors';
import { upsertFileSources } from '../file-sources/upsert-file-sources';
import { processWide } from '../shared/process-wide';
import { QueryStopped, queryError, RefusedStatement } from './query-errors';
import { readPage, type ResultColumn } from './read-result';
import { isReservedName } from './reserved-names';
import { RunningQueries, type RunningQuery } from './running-queries';
import type { JsonValue } from './serialize-value';
import type { StatementText } from './sql-lexer';
import { splitUserSql } from './split-user-sql';
import { guardStatement, StatementError } from './statement-guard';
import { forbiddenChange, systemFingerprint } from './system-fingerprint';

/** Never more rows in one answer than this, whatever LIMIT a query has (the legacy shim's rule). */
export const HARD_ROW_CAP = 100_000;
/** A page stops growing past this many (approximate) bytes of JSON. */
export const MAX_PAGE_BYTES = 64 * 1024 * 1024;
/** SQL kept in an audit row. */
const AUDIT_SQL_CHARS = 2000;

export interface RunQueryInput {
  sql: string;
  /** Chosen by the client so that it can cancel the query while it runs. */
  queryId?: string;
  /** Rows per page; at most max_query_rows. */
  limit?: number;
  offset?: number;
  /** Whether the caller may write (user tables, views, exports). Access control decides; default true. */
  canWrite?: boolean;
  /**
   * The legacy `/api/duckdb/execute` rule: a SELECT without a LIMIT of its own answers at most
   * max_query_rows rows; one with its own LIMIT gets its rows (up to HARD_ROW_CAP).
   */
  legacyLimitRule?: boolean;
  /** Save the (single SELECT) query's result as this new table, with its file-source row. */
  saveAsTable?: string;
}

export interface QueryResult {
  queryId: string;
  columns: ResultColumn[];
  /** Rows of the last statement, each value serialised by serialize-value.ts. */
  rows: JsonValue[][];
  rowCount: number;
  /** More rows exist beyond this page. */
  truncated: boolean;
  limit: number;
  offset: number;
  statementCount: number;
  /** What the batch changed, e.g. `CREATE TABLE t`, `COPY TO /…/exports/x.csv`. */
  changes: string[];
  savedTable: string | null;
  elapsedMs: number;
}

/**
 * The running queries of a database (one registry per DuckDB instance, so per process). Kept
 * process-wide (shared/process-wide.ts): Next.js loads this module once per route bundle, and
 * the limit on concurrent queries holds for the SQL box and the legacy routes together.
 */
export function runningQueriesOf(database: Database, maxConcurrent: number): RunningQueries {
  const registries = processWide('duckquery.runningQueries', () => new WeakMap<Database, RunningQueries>());
  let registry = registries.get(database);
  if (!registry) registries.set(database, (registry = new RunningQueries(maxConcurrent)));
  return registry;
}

interface BatchOutcome {
  columns: ResultColumn[];
  rows: JsonValue[][];
  truncated: boolean;
  changes: string[];
}

/**
 * The SQL box (issue 4, item 2). Each query runs on its own connection, in one transaction: every
 * statement is judged by DuckDB's binder right before it runs (statement-guard.ts), a refusal
 * rolls the whole batch back, and a batch that wrote commits together with its audit row.
 * A per-query timeout and `cancel` both interrupt DuckDB; at most max_concurrent queries run.
 */
export function createQueryService(app: AppContext, actor: string) {
  const { database, config } = app;
  const limits = config.query;
  const registry = runningQueriesOf(database, limits.maxConcurrent);

  async function run(input: RunQueryInput): Promise<QueryResult> {
    const started = performance.now();
    const queryId = input.queryId ?? randomUUID();
    const offset = input.offset ?? 0;
    const canWrite = input.canWrite ?? true;
    const written = splitUserSql(input.sql);
    const statements = input.saveAsTable === undefined ? written : saveAsTableBatch(written, input.saveAsTable);

    const running = registry.start(queryId, actor, input.sql);
    const timer = setTimeout(() => registry.stop(queryId, 'timeout'), limits.timeoutMs);
    let attemptedWrite = false;
    try {
      const outcome = await database.read(async (connection) => {
        running.connection = connection;
        throwIfStopped(running);
        await checkSplit(connection, input.sql, written);
        if (input.saveAsTable !== undefined && (await tableExists(connection, input.saveAsTable))) {
          throw conflict(`A table named '${input.saveAsTable}' already exists`, { table: input.saveAsTable });
        }
        const limit = await pageSize(connection, input, statements);
        await connection.run('BEGIN TRANSACTION');
        try {
          const batch = await runBatch(connection, statements, {
            canWrite,
            limit,
            offset,
            running,
            onWrite: () => (attemptedWrite = true),
            savedTable: input.saveAsTable === undefined ? null : { table: input.saveAsTable, sql: input.sql },
          });
          if (batch.changes.length > 0) await insertAuditRows(connection, [auditEvent(queryId, input, 'ok', started, { changes: batch.changes })]);
          await connection.run('COMMIT');
          return { ...batch, limit };
        } catch (error) {
          await connection.run('ROLLBACK').catch(() => undefined); // already rolled back by DuckDB: fine
          throw error;
        }
      });
      return {
        queryId,
        columns: outcome.columns,
        rows: outcome.rows,
        rowCount: outcome.rows.length,
        truncated: outcome.truncated,
        limit: outcome.limit,
        offset,
        statementCount: written.length,
        changes: outcome.changes,
        savedTable: input.saveAsTable ?? null,
        elapsedMs: performance.now() - started,
      };
    } catch (error) {
      const mapped = queryError(error, running, limits.timeoutMs);
      if (mapped instanceof RefusedStatement) {
        await appendAudit(database, auditEvent(queryId, input, 'error', started, { refused: mapped.reason }, 'query.refused'));
      } else if (attemptedWrite) {
        await appendAudit(database, auditEvent(queryId, input, 'error', started, { error: errorMessage(mapped) }));
      }
      throw mapped;
    } finally {
      clearTimeout(timer);
      registry.finish(running);
    }
  }

  function auditEvent(
    queryId: string,
    input: RunQueryInput,
    outcome: AuditEvent['outcome'],
    started: number,
    details: Record<string, unknown>,
    action = 'query.write',
  ): AuditEvent {
    const sql = input.sql.length > AUDIT_SQL_CHARS ? `${input.sql.slice(0, AUDIT_SQL_CHARS)}… (${input.sql.length} characters)` : input.sql;
    return {
      actor,
      action,
      target_type: 'query',
      target_id: queryId,
      outcome,
      details: { sql, ...(input.saveAsTable ? { saved_table: input.saveAsTable } : {}), ...details },
      duration_ms: performance.now() - started,
    };
  }

  /** Rows per page: the caller's, at most max_query_rows; with the legacy rule, a query's own LIMIT counts. */
  async function pageSize(connection: DuckDBConnection, input: RunQueryInput, statements: StatementText[]): Promise<number> {
    const page = Math.min(input.limit ?? limits.maxQueryRows, limits.maxQueryRows);
    if (!input.legacyLimitRule || input.saveAsTable !== undefined) return page;
    const last = statements.at(-1)!;
    return (await hasOwnLimit(connection, last.text)) ? Math.max(HARD_ROW_CAP, limits.maxQueryRows) : limits.maxQueryRows;
  }

  interface BatchOptions {
    canWrite: boolean;
    limit: number;
    offset: number;
    running: RunningQuery;
    onWrite: () => void;
    savedTable: { table: string; sql: string } | null;
  }

  async function runBatch(connection: DuckDBConnection, statements: StatementText[], options: BatchOptions): Promise<BatchOutcome> {
    const changes: string[] = [];
    let page: BatchOutcome = { columns: [], rows: [], truncated: false, changes };
    for (const [index, statement] of statements.entries()) {
      throwIfStopped(options.running);
      const guarded = await userStep(() => guardStatement(connection, statement, { exportsDir: config.exportsDir }));
      const { verdict } = guarded;
      if (verdict.refusal) throw new RefusedStatement(verdict.refusal, index, statements.length);
      if (verdict.writes && !options.canWrite) {
        throw new RefusedStatement(`${verdict.actions.join(', ') || 'this statement'} needs write rights`, index, statements.length);
      }
      if (verdict.writes) options.onWrite();

      const prepared = guarded.prepared!; // set whenever not refused
      const before = guarded.verifyAfterRun ? await systemFingerprint(connection) : null;
      const isLast = index === statements.length - 1;
      const result: DuckDBResult = await userStep(() => (verdict.writes || before ? prepared.run() : prepared.stream()));
      if (isLast) page = { ...(await userStep(() => readPage(result, { offset: options.offset, maxRows: options.limit, maxBytes: MAX_PAGE_BYTES }))), changes };
      if (before) {
        const change = forbiddenChange(before, await systemFingerprint(connection));
        if (change) throw new RefusedStatement(`${change}; system_* objects are read-only from SQL`, index, statements.length);
      }
      changes.push(...verdict.actions);
      for (const table of verdict.droppedTables) await forgetDroppedTable(connection, table);
      if (options.savedTable !== null && index === 0) await recordSavedTable(connection, options.savedTable, guarded.statementType);
    }
    return page;
  }

  /** After the table was saved: its file-source row, in the same transaction. */
  async function recordSavedTable(connection: DuckDBConnection, { table, sql }: { table: string; sql: string }, type: StatementType): Promise<void> {
    if (type !== StatementType.CREATE) throw badInput('save_as_table needs a single SELECT statement');
    const counts = await connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM ${quotedIdentifier(table)}) AS row_count,
              (SELECT list(column_name ORDER BY column_index) FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1) AS columns`,
      [table],
    );
    const [rowCount, columns] = counts.getRowsJS()[0] as [bigint, string[]];
    await upsertFileSources.runMany(connection, [
      {
        source_id: table,
        filename: table,
        file_path: `query_result_${table}`,
        file_type: 'duckdb_query',
        row_count: Number(rowCount),
        column_count: columns.length,
        columns,
        column_profiles: null,
        schema_version: 2,
        extra: { source_sql: sql },
      },
    ]);
  }

  function saveAsTableBatch(statements: StatementText[], table: string): StatementText[] {
    if (isReservedName(table)) throw new DomainError('FORBIDDEN', `'${table}' is reserved: system_* names belong to DuckQuery`);
    if (statements.length !== 1) throw badInput('save_as_table needs a single SELECT statement');
    const ctas = `CREATE TABLE ${quotedIdentifier(table)} AS\n${statements[0]!.text}\n`;
    return [...splitUserSql(ctas), ...splitUserSql(`SELECT * FROM ${quotedIdentifier(table)}`)];
  }

  return {
    run,
    /** Stops a running query of this actor; false when there is none with that id. */
    cancel: (queryId: string) => ({ queryId, cancelled: registry.stop(queryId, 'cancelled', actor) }),
    /** This actor's running queries. */
    running: () =>
      registry.list(actor).map((q) => ({ queryId: q.queryId, startedAt: q.startedAt, elapsedMs: Date.now() - q.startedAt.getTime(), sql: q.sqlPreview })),
    settings: () => ({ maxQueryRows: limits.maxQueryRows, timeoutMs: limits.timeoutMs, maxConcurrent: limits.maxConcurrent }),
  };
}

export type QueryService = ReturnType<typeof createQueryService>;

/** Errors of DuckDB working on the user's SQL are the user's (StatementError), not ours. */
async function userStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // DuckDB's errors arrive as plain Errors named by their kind ("Catalog Error: …"); ours are typed.
    if (error instanceof Error && error.name === 'Error' && /^[A-Za-z ]*Error: /.test(error.message)) throw new StatementError(error.message);
    throw error;
  }
}

function throwIfStopped(running: RunningQuery): void {
  if (running.stopReason) throw new QueryStopped(running.stopReason);
}

/** DuckDB must see exactly the statements we split (else we would judge different texts than it would run). */
async function checkSplit(connection: DuckDBConnection, sql: string, statements: StatementText[]): Promise<void> {
  let count: number;
  try {
    count = (await connection.extractStatements(sql)).count;
  } catch (error) {
    throw new StatementError(errorMessage(error).replace(/^Failed to extract statements: /, ''));
  }
  if (count !== statements.length) {
    for (const statement of statements) {
      const pieces = (await connection.extractStatements(statement.text)).count;
      if (pieces !== 1) {
        throw new StatementError(
          'a statement expands into several (COPY FROM DATABASE, IMPORT DATABASE, PIVOT without an IN list), which DuckQuery cannot ' +
            'check one by one; write a PIVOT with an explicit IN (…) list',
        );
      }
    }
    throw badInput('DuckQuery could not split this SQL into statements the way DuckDB does; run the statements one at a time');
  }
}

/** Whether a SELECT has a LIMIT of its own, from DuckDB's parse tree (json_serialize_sql). */
async function hasOwnLimit(connection: DuckDBConnection, text: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql($1::VARCHAR)`, [text]);
  const parsed = JSON.parse(String(reader.getRowsJS()[0]?.[0])) as { error?: boolean; statements?: { node?: { modifiers?: { type?: string }[] } }[] };
  if (parsed.error) return false;
  const modifiers = parsed.statements?.[0]?.node?.modifiers ?? [];
  return modifiers.some((m) => m.type === 'LIMIT_MODIFIER' || m.type === 'LIMIT_PERCENT_MODIFIER');
}

async function tableExists(connection: DuckDBConnection, table: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND lower(table_name) = lower($1)`,
    [table],
  );
  return Number(reader.getRowsJS()[0]?.[0]) > 0;
}

/** A dropped table's system_file_sources row goes with it (only once no such table is left in main). */
async function forgetDroppedTable(connection: DuckDBConnection, table: string): Promise<void> {
  if (!(await tableExists(connection, table))) await connection.run('DELETE FROM system_file_sources WHERE lower(source_id) = lower($1)', [table]);
}
