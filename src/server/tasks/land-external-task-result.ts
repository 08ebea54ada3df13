import type { AppContext } from '../app-context';
import { cancelConnectorImport, startConnectorImport } from '../connectors/import-into-duckdb';
import { resultInfoOf } from './land-task-result';
import type { AsyncTask, TaskResultInfo } from './task';

/**
 * A task on a saved external connection (PostgreSQL, MySQL/MariaDB, SQLite): the query runs there,
 * in a read-only transaction unless the connection is marked writable, and its rows are imported by
 * the connectors' import (src/server/connectors/import-into-duckdb.ts), which lands the table through
 * landTable. A cancel stops the import between batches; nothing is left behind either way.
 */
export async function landExternalTaskResult(
  app: AppContext,
  task: AsyncTask,
  options: { table: string; ifExists: 'fail' | 'replace'; signal: AbortSignal; onPhase: (phase: string) => void },
): Promise<TaskResultInfo> {
  const datasource = task.datasource!;
  options.signal.throwIfAborted();
  options.onPhase(`running query on ${datasource.type}`);
  const started = await startConnectorImport(app, task.actor, {
    id: datasource.id,
    sql: task.query,
    tableName: options.table,
    ifExists: options.ifExists,
    wait: false,
  });
  const cancel = () => cancelConnectorImport(started.progressId, task.actor);
  if (options.signal.aborted) cancel();
  options.signal.addEventListener('abort', cancel);
  try {
    return await resultInfoOf(app, await started.done);
  } finally {
    options.signal.removeEventListener('abort', cancel);
  }
}
