import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { quotedIdentifier, type DuckDBConnection } from '@duckdb/node-api';
import type { AppContext } from '../app-context';
import { errorMessage } from '../db/errors';
import { DomainError, badInput, isDomainError } from '../errors';
import type { FileSource } from '../file-sources/file-source';
import { landTable } from '../ingest/land-table';
import { assertUsableTableName, sanitizeTableName } from '../ingest/table-names';
import { startProgress, type ProgressHandle } from '../progress/progress-registry';
import { castFromText } from './cast-from-text';
import type { ColumnInfo, ConnectorSession, TextValue } from './connector';
import type { ConnectorImportInput } from './connector-inputs';
import { BATCH_ROWS, createConnectorsService } from './connectors-service';
import { uniqueColumnNames } from './unique-names';

/** CSV spool files of running imports: inside the uploads folder, the only place DuckDB may read. */
export function spoolDirOf(app: AppContext): string {
  return path.join(app.config.uploadsDir, '.connector-imports');
}

/**
 * Before this process's first import: spool files there can only be left by a process that died
 * mid-import (one server process owns the database), so they go.
 */
function clearStaleSpool(dir: string): void {
  const flags = globalThis as unknown as { [SPOOL_CLEARED]?: Set<string> };
  const cleared = (flags[SPOOL_CLEARED] ??= new Set());
  if (cleared.has(dir)) return;
  cleared.add(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}
const SPOOL_CLEARED = Symbol.for('duckquery.connectorSpoolCleared');

/** Running imports of this process, by progress id, so that they can be cancelled. */
const KEY = Symbol.for('duckquery.connectorImports');
const g = globalThis as unknown as { [KEY]?: Map<string, { controller: AbortController; actor: string }> };
const running = (g[KEY] ??= new Map());

export interface StartedImport {
  progressId: string;
  /** Settles when the table has landed (or the import failed or was cancelled). */
  done: Promise<FileSource>;
}

/**
 * Imports a table or a read-only query of a saved connection into a new DuckDB table with its
 * file-source row (`source_sql`, `source_datasource` in extra). Rows stream from the driver in
 * batches of BATCH_ROWS, as text, into a CSV spool file under uploads/ (disk, not memory), which
 * one statement reads with DuckDB's parallel CSV reader and casts to the mapped types with
 * DuckDB's own parsers (cast-from-text.ts). Measured faster end to end than the appender into a
 * temporary table (bench/connectors-import.ts, README benchmarks). landTable swaps the result in
 * atomically; a failure or a cancel leaves nothing behind, the spool file included.
 */
export async function startConnectorImport(app: AppContext, actor: string, input: ConnectorImportInput): Promise<StartedImport> {
  const connectors = createConnectorsService(app);
  const { datasource, session } = await connectors.sessionOf(input.id);
  const table = input.table === undefined ? null : { schema: input.schema ?? null, name: input.table };
  const sql = table ? session.selectTable(table) : input.sql!;
  const tableName = input.tableName ?? sanitizeTableName(table?.name ?? 'query_result');
  assertUsableTableName(tableName);
  const progress = startProgress({ kind: 'connector_import', label: `${datasource.name}: ${table?.name ?? 'query'} → ${tableName}`, actor, phase: 'reading' });
  // The total, for the time left, is counted beside the import: a count(*) of a big table must not delay its start.
  if (table) void session.countRows(table).then((rowsTotal) => progress.update({ rowsTotal }), () => undefined);
  const controller = new AbortController();
  running.set(progress.id, { controller, actor });

  const done = (async () => {
    try {
      const landed = await landTable(app, {
        tableName,
        ifExists: input.ifExists,
        build: (connection, stagingName, signal) => fillStaging(connection, stagingName, session, sql, signal, progress, spoolDirOf(app)),
        source: {
          filename: table ? table.name : `${tableName}.sql`,
          file_path: `datasource://${datasource.id}/${table ? [table.schema, table.name].filter(Boolean).join('.') : 'query'}`,
          file_type: table ? 'database_table' : 'database_query',
          extra: {
            source_sql: sql,
            source_datasource: datasource.id,
            source_datasource_type: datasource.type,
            ...(table ? { source_table: table.name, ...(table.schema ? { source_schema: table.schema } : {}) } : {}),
          },
        },
        actor,
        signal: controller.signal,
      });
      progress.finish({ sourceId: landed.source_id, rows: landed.row_count });
      return landed;
    } catch (error) {
      if (controller.signal.aborted) {
        progress.cancel();
        throw new DomainError('CANCELLED', 'The import was cancelled; nothing was created');
      }
      progress.fail(errorMessage(error));
      throw error;
    } finally {
      running.delete(progress.id);
    }
  })();
  done.catch(() => undefined); // the caller may only poll the progress
  return { progressId: progress.id, done };
}

/** Cancels a running import of this actor (admins: anyone's). False when none is running under that id. */
export function cancelConnectorImport(progressId: string, actor: string): boolean {
  const entry = running.get(progressId);
  if (!entry || (entry.actor !== actor && actor !== 'admin')) return false;
  entry.controller.abort(new DomainError('CANCELLED', 'The import was cancelled'));
  return true;
}

async function fillStaging(
  connection: DuckDBConnection,
  stagingName: string,
  session: ConnectorSession,
  sql: string,
  signal: AbortSignal,
  progress: ProgressHandle,
  spoolDir: string,
): Promise<void> {
  clearStaleSpool(spoolDir);
  fs.mkdirSync(spoolDir, { recursive: true });
  const spool = path.join(spoolDir, `${randomUUID()}.csv`);
  try {
    let columns: ColumnInfo[] = [];
    await session.stream(sql, { batchSize: BATCH_ROWS, signal }, async (stream) => {
      columns = stream.columns;
      if (columns.length === 0) throw badInput('The statement returned no columns: only a table or a query with a result can be imported');
      const file = await fs.promises.open(spool, 'wx', 0o600);
      try {
        let rows = 0;
        for await (const batch of stream.batches) {
          signal.throwIfAborted();
          await file.write(csvText(batch));
          rows += batch.length;
          progress.update({ rowsDone: rows });
        }
      } finally {
        await file.close();
      }
    });
    signal.throwIfAborted();
    progress.update({ phase: 'converting' });
    const names = uniqueColumnNames(columns.map((c) => c.name));
    const spec = `{${columns.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
    const select = columns.map((c, i) => `${castFromText(`c${i}`, c.duckdb_type)} AS ${quotedIdentifier(names[i]!)}`).join(', ');
    try {
      await connection.run(
        `CREATE TABLE ${quotedIdentifier(stagingName)} AS SELECT ${select}
           FROM read_csv($1, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, columns = ${spec})`,
        [spool],
      );
    } catch (error) {
      if (signal.aborted) throw error;
      throw badInput(`The imported rows could not be converted to their column types (${columns.map((c, i) => `${names[i]} ${c.duckdb_type}`).join(', ')}): ${errorMessage(error)}`);
    }
    progress.update({ phase: 'landing' });
  } catch (error) {
    if (signal.aborted && !isDomainError(error)) throw signal.reason ?? error;
    throw error;
  } finally {
    fs.rmSync(spool, { force: true });
  }
}

/** Rows as CSV: every value quoted (quotes doubled), NULL as an empty unquoted field. */
export function csvText(rows: TextValue[][]): string {
  const lines: string[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (i > 0) line += ',';
      if (value !== null && value !== undefined) line += `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
    }
    lines[r] = line;
  }
  return `${lines.join('\n')}\n`;
}
