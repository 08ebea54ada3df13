import type { DuckDBConnection } from '@duckdb/node-api';
import type { AppContext } from '../app-context';
import { queryRows } from '../db/rows';
import type { FileSource } from '../file-sources/file-source';
import { landTable } from '../ingest/land-table';
import type { AsyncTask, TaskResultInfo } from './task';
import { prepareQueryIntoTable } from './task-query-guard';

export interface LandTaskResultOptions {
  table: string;
  ifExists: 'fail' | 'replace';
  signal: AbortSignal;
  /** The connection the query runs on, so a cancel can interrupt it. */
  onConnection: (connection: DuckDBConnection | null) => void;
  /** Phases as they start: 'running query', then 'saving table' with the rows the query produced. */
  onPhase: (phase: string, rows?: number) => void;
}

/**
 * Runs the task's query into its table through the shared landing (src/server/ingest/land-table.ts):
 * `CREATE TABLE <staging> AS <query>`, judged by the SQL box's guard right before it runs, then
 * swapped in with its file-source row in one transaction. A failure or cancel leaves neither.
 */
export async function landTaskResult(app: AppContext, task: AsyncTask, options: LandTaskResultOptions): Promise<TaskResultInfo> {
  const source = await landTable(app, {
    tableName: options.table,
    ifExists: options.ifExists,
    actor: task.actor,
    signal: options.signal,
    source: {
      filename: `async_query_${task.task_id}`,
      file_path: `duckdb://${options.table}`,
      file_type: 'duckdb_async_query',
      extra: {
        source_sql: task.query,
        source_datasource: task.datasource?.id ?? null,
        source_datasource_type: task.datasource?.type ?? 'duckdb',
        task_id: task.task_id,
      },
    },
    build: async (connection, staging, signal) => {
      options.onConnection(connection);
      try {
        const ctas = await prepareQueryIntoTable(connection, task.query, staging, app.config.exportsDir);
        if (signal.aborted) return; // landTable sees the abort and reports the cancel
        options.onPhase('running query');
        // CREATE TABLE … AS answers the number of rows it wrote.
        const written = (await ctas.runAndReadAll()).getRowsJS()[0]?.[0];
        options.onPhase('saving table', written === undefined ? undefined : Number(written));
      } finally {
        options.onConnection(null);
      }
    },
  });
  return resultInfoOf(app, source);
}

/** What a landed table holds: its name, rows, and columns with their DuckDB types. */
export async function resultInfoOf(app: AppContext, source: FileSource): Promise<TaskResultInfo> {
  const columns = await app.database.read((connection) =>
    queryRows<{ name: string; type: string }>(
      connection,
      `SELECT column_name AS name, data_type AS type FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
      [source.source_id],
    ),
  );
  return {
    status: 'success',
    table_name: source.source_id,
    row_count: source.row_count ?? 0,
    column_count: source.column_count ?? columns.length,
    columns,
  };
}
