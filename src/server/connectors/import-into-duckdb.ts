import { randomUUID } from 'node:crypto';
import { quotedIdentifier, type DuckDBConnection } from '@duckdb/node-api';
import type { AppContext } from '../app-context';
import { errorMessage } from '../db/errors';
import { DomainError, badInput, isDomainError } from '../errors';
import type { FileSource } from '../file-sources/file-source';
import { landTable } from '../ingest/land-table';
import { assertUsableTableName, sanitizeTableName } from '../ingest/table-names';
import { startProgress, type ProgressHandle } from '../progress/progress-registry';
import { processWide } from '../shared/process-wide';
import { castFromText } from './cast-from-text';
import type { ColumnInfo, ConnectorSession } from './connector';
import type { ConnectorImportInput } from './connector-inputs';
import { BATCH_ROWS, createConnectorsService } from './connectors-service';
import { uniqueColumnNames } from './unique-names';

/** Running imports of this process, by progress id, so that they can be cancelled. */
const running = processWide('duckquery.connectorImports', () => new Map<string, { controller: AbortController; actor: string }>());

export interface StartedImport {
  progressId: string;
  /** Settles when the table has landed (or the import failed or was cancelled). */
  done: Promise<FileSource>;
}

/**
 * Imports a table or a read-only query of a saved connection into a new DuckDB table with its
 * file-source row (`source_sql`, `source_datasource` in extra). Rows stream from the driver in
 * batches of BATCH_ROWS, as text, through the DuckDB appender into a temporary all-VARCHAR table
 * (DuckDB spills it to disk when large), then one statement casts every column to its mapped type
 * with DuckDB's own parsers (cast-from-text.ts). The appender and a CSV spool file read back with
 * read_csv measured the same within noise end to end (bench/connectors-import.ts; the appender
 * was 2× faster landing rows already in memory); the appender needs no file in a folder that SQL
 * can read, and leaves nothing behind after a crash. landTable swaps the result in atomically; a
 * failure or a cancel leaves nothing behind.
 */
export async function startConnectorImport(app: AppContext, actor: string, input: ConnectorImportInput): Promise<StartedImport> {
  const table = input.table === undefined ? null : { schema: input.schema ?? null, name: input.table };
  const tableName = input.tableName ?? sanitizeTableName(table?.name ?? 'query_result');
  assertUsableTableName(tableName);
  const { datasource, session, release } = await createConnectorsService(app).sessionOf(input.id);
  const sql = table ? session.selectTable(table) : input.sql!;
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
        build: (connection, stagingName, signal) => fillStaging(connection, stagingName, session, sql, signal, progress),
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
      await release();
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
): Promise<void> {
  // A TEMP table: it belongs to this connection, so not even a crash leaves it behind.
  const raw = `dq_raw_${randomUUID().replace(/-/g, '')}`;
  let columns: ColumnInfo[] = [];
  try {
    await session.stream(sql, { batchSize: BATCH_ROWS, signal }, async (stream) => {
      columns = stream.columns;
      if (columns.length === 0) throw badInput('The statement returned no columns: only a table or a query with a result can be imported');
      await connection.run(`CREATE TEMP TABLE ${quotedIdentifier(raw)} (${columns.map((_, i) => `c${i} VARCHAR`).join(', ')})`);
      const appender = await connection.createAppender(raw, 'main', 'temp');
      let rows = 0;
      for await (const batch of stream.batches) {
        signal.throwIfAborted();
        for (const row of batch) {
          for (const value of row) {
            if (value === null) appender.appendNull();
            else appender.appendVarchar(value);
          }
          appender.endRow();
        }
        rows += batch.length;
        progress.update({ rowsDone: rows });
      }
      appender.closeSync();
    });
    // The external transaction is over: the cast pass runs in DuckDB alone.
    signal.throwIfAborted();
    progress.update({ phase: 'converting' });
    const names = uniqueColumnNames(columns.map((c) => c.name));
    const select = columns.map((c, i) => `${castFromText(`c${i}`, c.duckdb_type)} AS ${quotedIdentifier(names[i]!)}`).join(', ');
    try {
      await connection.run(`CREATE TABLE ${quotedIdentifier(stagingName)} AS SELECT ${select} FROM temp.main.${quotedIdentifier(raw)}`);
    } catch (error) {
      if (signal.aborted) throw error;
      throw badInput(`The imported rows could not be converted to their column types (${columns.map((c, i) => `${names[i]} ${c.duckdb_type}`).join(', ')}): ${errorMessage(error)}`);
    }
    progress.update({ phase: 'landing' });
  } catch (error) {
    if (signal.aborted && !isDomainError(error)) throw signal.reason ?? error;
    throw error;
  } finally {
    await connection.run(`DROP TABLE IF EXISTS temp.main.${quotedIdentifier(raw)}`).catch(() => undefined);
  }
}
