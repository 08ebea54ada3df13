import { randomBytes, randomUUID } from 'node:crypto';
import { quotedIdentifier, type DuckDBConnection } from '@duckdb/node-api';
import type { AppContext } from '../app-context';
import { appendAudit } from '../audit/audit-log';
import { insertAuditRows } from '../audit/insert-audit-rows';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import { badInput, conflict, DomainError, isDomainError } from '../errors';
import type { FileSource } from '../file-sources/file-source';
import { upsertFileSources } from '../file-sources/upsert-file-sources';
import { log } from '../log';
import { processWide } from '../shared/process-wide';
import { scheduleProfile } from './profile-table';
import { assertUsableTableName } from './table-names';

export interface LandTableInput {
  /** Final table name, already sanitised (see src/server/ingest/table-names.ts: sanitizeTableName, uniqueTableName). */
  tableName: string;
  /** What to do when the table (or its file-source row) exists: replace it, fail with a clear conflict error, or append rows. */
  ifExists: 'replace' | 'fail' | 'append';
  /** Fills the staging table `stagingName` (already quoted-safe name, in the main schema) on its own connection, e.g. CREATE TABLE … AS SELECT * FROM read_csv(…), or an appender. Throw to abort; honour `signal`. */
  build: (connection: DuckDBConnection, stagingName: string, signal: AbortSignal) => Promise<void>;
  /** The file-source row minus what landTable computes itself (source_id = tableName, row_count, column_count, columns). Put source_url / source_sql / source_datasource / sheet_name etc. in `extra`. */
  source: { filename: string; file_path: string | null; file_type: string; extra?: Record<string, unknown> };
  actor: string;
  signal?: AbortSignal;
}

/**
 * Lands one table: built under a staging name, then swapped in together with its
 * `system_file_sources` row and audit row in ONE transaction. After any failure or abort, neither
 * the table nor the row exists (and the staging table is dropped). The column profile is computed
 * after landing (extra.profile_status: pending → ready | failed); the table is usable at once.
 */
export async function landTable(app: AppContext, input: LandTableInput): Promise<FileSource> {
  return (await landTables(app, [input], input.signal))[0]!;
}

/**
 * Several tables (the sheets of one workbook) landed all-or-nothing: each is built under its own
 * staging name, then every swap and row is written in one transaction.
 */
export async function landTables(app: AppContext, inputs: LandTableInput[], signal?: AbortSignal): Promise<FileSource[]> {
  checkNames(inputs);
  await dropStaleStagingTables(app.database);
  const started = performance.now();
  const staged: { input: LandTableInput; staging: string }[] = [];
  try {
    for (const input of inputs) {
      const staging = nextStagingName();
      staged.push({ input, staging });
      await build(app.database, input, staging, anySignal(signal, input.signal));
    }
    throwIfAborted(signal, ...inputs.map((i) => i.signal));
    const landed = await app.database.transaction(async (connection) => {
      const sources: { source: FileSource; landingId: string }[] = [];
      for (const { input, staging } of staged) sources.push(await swapIn(connection, input, staging, started));
      return sources;
    });
    staged.length = 0; // swapped in: nothing left to clean up
    for (const { source, landingId } of landed) scheduleProfile(app.database, source.source_id, landingId);
    return landed.map((l) => l.source);
  } catch (error) {
    await dropTables(app.database, staged.map((s) => s.staging));
    const failure = isAbort(error, signal, inputs) ? new DomainError('CANCELLED', 'The import was cancelled; nothing was saved') : error;
    for (const input of inputs) {
      await appendAudit(app.database, {
        actor: input.actor,
        action: 'ingest.land',
        target_type: 'table',
        target_id: input.tableName,
        outcome: 'error',
        details: { mode: input.ifExists, file_type: input.source.file_type, filename: input.source.filename, error: errorMessage(failure) },
        duration_ms: performance.now() - started,
      });
    }
    throw failure;
  }
}

function checkNames(inputs: LandTableInput[]): void {
  if (inputs.length === 0) throw badInput('Nothing to import');
  const seen = new Set<string>();
  for (const input of inputs) {
    assertUsableTableName(input.tableName);
    const key = input.tableName.toLowerCase();
    if (seen.has(key)) throw badInput(`Two tables of one import are both named '${input.tableName}'`, { table: input.tableName });
    seen.add(key);
  }
}

async function build(database: Database, input: LandTableInput, staging: string, signal: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  await database.read(async (connection) => {
    // Cancelling must stop DuckDB mid-read, not only when the statement ends.
    const interrupt = () => connection.interrupt();
    signal.addEventListener('abort', interrupt);
    try {
      await input.build(connection, staging, signal);
    } finally {
      signal.removeEventListener('abort', interrupt);
    }
    throwIfAborted(signal);
    if (!(await findTable(connection, staging))) throw new Error(`The import of '${input.tableName}' produced no table`);
  });
}

async function swapIn(connection: DuckDBConnection, input: LandTableInput, staging: string, started: number) {
  const existing = await findTable(connection, input.tableName);
  const existingRow = await findSourceRow(connection, input.tableName);
  if (await isView(connection, input.tableName)) throw conflict(`'${input.tableName}' is a view; choose another table name`, { table: input.tableName });
  if (input.ifExists === 'fail' && (existing || existingRow)) {
    throw conflict(`Table '${existing ?? existingRow}' already exists; choose another name, or replace or append to it`, { table: existing ?? existingRow });
  }
  // DuckDB matches names case-insensitively: appending to `Sales` when asked for `sales` keeps `Sales`.
  const target = input.ifExists === 'append' && existing ? existing : input.tableName;
  let appendedRows: number | null = null;
  if (input.ifExists === 'append' && existing) {
    appendedRows = await appendRows(connection, staging, existing);
    await connection.run(`DROP TABLE ${quotedIdentifier(staging)}`);
  } else {
    if (existing) await connection.run(`DROP TABLE ${quotedIdentifier(existing)}`);
    await connection.run(`ALTER TABLE ${quotedIdentifier(staging)} RENAME TO ${quotedIdentifier(target)}`);
  }
  // A row spelled in another case would be a second entry for the same table.
  await connection.run('DELETE FROM system_file_sources WHERE lower(source_id) = lower($1) AND source_id <> $1', [target]);

  const columns = await tableColumns(connection, target);
  const rowCount = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${quotedIdentifier(target)}`)).getRowsJS()[0]![0]);
  const landingId = randomUUID();
  const [source] = await upsertFileSources.runMany(connection, [
    {
      source_id: target,
      filename: input.source.filename,
      file_path: input.source.file_path,
      file_type: input.source.file_type,
      row_count: rowCount,
      column_count: columns.length,
      columns,
      column_profiles: null,
      schema_version: 2,
      extra: { ...input.source.extra, ingest_mode: input.ifExists, profile_status: 'pending', landing_id: landingId },
    },
  ]);
  await insertAuditRows(connection, [
    {
      actor: input.actor,
      action: 'ingest.land',
      target_type: 'table',
      target_id: target,
      outcome: 'ok',
      details: { mode: input.ifExists, file_type: input.source.file_type, filename: input.source.filename, row_count: rowCount, appended_rows: appendedRows },
      duration_ms: performance.now() - started,
    },
  ]);
  return { source: source!, landingId };
}

/** Appends by column name; a column the table lacks, or a value that does not fit its type, is a clear error. */
async function appendRows(connection: DuckDBConnection, staging: string, target: string): Promise<number> {
  try {
    const reader = await connection.runAndReadAll(`INSERT INTO ${quotedIdentifier(target)} BY NAME SELECT * FROM ${quotedIdentifier(staging)}`);
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  } catch (error) {
    throw badInput(`The rows do not fit table '${target}', so nothing was appended: ${firstLine(errorMessage(error))}`, { table: target });
  }
}

async function findTable(connection: DuckDBConnection, name: string): Promise<string | null> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name FROM duckdb_tables()
      WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND lower(table_name) = lower($1)
      ORDER BY table_name = $1 DESC LIMIT 1`,
    [name],
  );
  const row = reader.getRowsJS()[0];
  return row ? String(row[0]) : null;
}

async function isView(connection: DuckDBConnection, name: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND lower(view_name) = lower($1)`,
    [name],
  );
  return Number(reader.getRowsJS()[0]![0]) > 0;
}

async function findSourceRow(connection: DuckDBConnection, name: string): Promise<string | null> {
  const reader = await connection.runAndReadAll('SELECT source_id FROM system_file_sources WHERE lower(source_id) = lower($1) LIMIT 1', [name]);
  const row = reader.getRowsJS()[0];
  return row ? String(row[0]) : null;
}

async function tableColumns(connection: DuckDBConnection, table: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name FROM duckdb_columns()
      WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
    [table],
  );
  return reader.getRowsJS().map(([name]) => String(name));
}

// Staging tables live in the main schema (a rename into place costs nothing; a copy would cost the
// whole import again). Their names carry this process's token, so a crash's leftovers are known.
// One token per process, not per copy of this module (shared/process-wide.ts): with a token per
// route bundle, one route's first import took another route's running import for a crash's.
const STAGING_PREFIX = '_dq_staging_';
const stagingState = processWide('duckquery.stagingTables', () => ({
  token: randomBytes(4).toString('hex'),
  counter: 0,
  cleanedDatabases: new WeakSet<Database>(),
}));

function nextStagingName(): string {
  return `${STAGING_PREFIX}${stagingState.token}_${++stagingState.counter}`;
}

export function isStagingTableName(name: string): boolean {
  return name.startsWith(STAGING_PREFIX);
}

/** Once per database per process: staging tables left by a crashed process are dropped. */
async function dropStaleStagingTables(database: Database): Promise<void> {
  if (stagingState.cleanedDatabases.has(database)) return;
  stagingState.cleanedDatabases.add(database);
  const stale = await database.read(async (connection) => {
    const reader = await connection.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND starts_with(table_name, $1) AND NOT starts_with(table_name, $2)`,
      [STAGING_PREFIX, `${STAGING_PREFIX}${stagingState.token}_`],
    );
    return reader.getRowsJS().map(([name]) => String(name));
  });
  await dropTables(database, stale);
}

async function dropTables(database: Database, names: string[]): Promise<void> {
  for (const name of names) {
    try {
      await database.read((connection) => connection.run(`DROP TABLE IF EXISTS ${quotedIdentifier(name)}`));
    } catch (error) {
      log.warn(`could not drop staging table ${name}: ${errorMessage(error)}`);
    }
  }
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length === 1 ? present[0]! : AbortSignal.any(present);
}

function throwIfAborted(...signals: (AbortSignal | undefined)[]): void {
  if (signals.some((s) => s?.aborted)) throw new DomainError('CANCELLED', 'The import was cancelled; nothing was saved');
}

function isAbort(error: unknown, signal: AbortSignal | undefined, inputs: LandTableInput[]): boolean {
  if (isDomainError(error)) return error.code === 'CANCELLED';
  return Boolean(signal?.aborted || inputs.some((i) => i.signal?.aborted) || /INTERRUPT/i.test(errorMessage(error)));
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}
