import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context';
import { insertAuditRows } from '../audit/insert-audit-rows';
import { errorMessage } from '../db/errors';
import { badInput, conflict, notFound } from '../errors';
import { isTableNameTaken, sanitizeTableName } from '../ingest/table-names';
import { startProgress } from '../progress/progress-registry';
import { FINISHED_STATUSES, isExportFormat, isExternal, type AsyncTask, type TaskDatasource } from './task';
import { exportTable, resultTableExists, type TaskExportFile } from './task-exports';
import { prepareQueryIntoTable } from './task-query-guard';
import { taskRunnerOf } from './task-runner';
import { findTask, finishTask, insertTask, listTasks, setLastRetryId } from './tasks-store';

export interface SubmitTaskInput {
  sql: string;
  customTableName?: string;
  taskType?: 'query';
  datasource?: TaskDatasource | null;
  ifExists?: 'fail' | 'replace';
}

export interface RetryTaskInput {
  taskId: string;
  overrideSql?: string;
  customTableName?: string;
  datasourceOverride?: TaskDatasource | null;
  ifExists?: 'fail' | 'replace';
}

/** Who is asking: their audit name, and whether they see everyone's tasks (admins). */
export interface TaskCaller {
  actor: string;
  seesAll: boolean;
}

/**
 * Async tasks (issue 3 item 9): a read-only query run in the background into a table, with its
 * file-source row; list, get, cancel (interrupts the running query), retry, and CSV/Parquet export.
 * Each caller sees their own tasks; admins see all.
 */
export function createTasksService(app: AppContext, caller: TaskCaller) {
  const { database, config } = app;
  const runner = taskRunnerOf(app);

  /** DuckQuery's own DuckDB as it was asked for, or a saved connection (its stored type wins over the client's). */
  async function knownDatasource(datasource: TaskDatasource | null): Promise<TaskDatasource | null> {
    if (!isExternal(datasource)) return datasource;
    const stored = await app.stores.datasources.get(datasource.id);
    if (!stored) throw notFound('Connection', datasource.id);
    return { id: stored.id, type: stored.type };
  }

  /** Checks the query now (a refusal never becomes a task), records the task, queues it. */
  async function submit(input: SubmitTaskInput, retryOf: string | null = null): Promise<{ task: AsyncTask; progressId: string }> {
    const datasource = await knownDatasource(input.datasource ?? null);
    const taskId = randomUUID().replace(/-/g, '');
    const table = input.customTableName === undefined ? `async_result_${taskId}` : sanitizeTableName(input.customTableName);
    const ifExists = input.ifExists ?? 'fail';
    await database.read(async (connection) => {
      // Judged against the current catalog; judged again right before it runs. (An external
      // database judges its own SQL: the connector runs it in a read-only transaction.)
      if (!isExternal(datasource)) await prepareQueryIntoTable(connection, input.sql, `async_task_check_${taskId}`, config.exportsDir);
      if (ifExists === 'fail' && (await isTableNameTaken(connection, table))) {
        throw conflict(`Table '${table}' already exists; choose another custom_table_name, or replace it`, { table });
      }
    });
    const progress = startProgress({ kind: 'task', label: table, actor: caller.actor, phase: 'queued' });
    let task: AsyncTask;
    try {
      task = await database.write(async (connection) => {
        const created = await insertTask(connection, {
          task_id: taskId,
          query: input.sql,
          task_type: input.taskType ?? 'query',
          datasource,
          custom_table_name: input.customTableName === undefined ? null : table,
          retry_of: retryOf,
          metadata: { progress_id: progress.id, if_exists: ifExists, result_table: table },
          actor: caller.actor,
        });
        if (retryOf) await setLastRetryId(connection, retryOf, taskId);
        const details = { table, if_exists: ifExists, ...(retryOf ? { retry_of: retryOf } : {}), sql: auditSql(input.sql) };
        await insertAuditRows(connection, [{ actor: caller.actor, action: retryOf ? 'task.retry' : 'task.submit', target_type: 'task', target_id: taskId, outcome: 'ok', details }]);
        return created;
      });
    } catch (error) {
      progress.fail(`The task could not be recorded: ${errorMessage(error)}`);
      throw error;
    }
    runner.enqueue({ task, table, ifExists, progress });
    return { task, progressId: progress.id };
  }

  async function get(taskId: string): Promise<AsyncTask> {
    const task = await database.read((connection) => findTask(connection, taskId));
    if (!task || !(caller.seesAll || task.actor === caller.actor)) throw notFound('Task', taskId);
    return task;
  }

  async function list(input: { limit: number; status?: AsyncTask['status'] }): Promise<AsyncTask[]> {
    return database.read((connection) => listTasks(connection, { ...input, actor: caller.seesAll ? undefined : caller.actor }));
  }

  /**
   * Stops a queued or running task and answers once it has stopped: a queued one never runs, a
   * running one's query is interrupted and leaves no table and no file-source row. A query that
   * takes longer than the wait to stop is answered still `running` (it ends `cancelled`).
   */
  async function cancel(taskId: string, reason = 'cancelled by the user'): Promise<AsyncTask> {
    const task = await get(taskId);
    if (FINISHED_STATUSES.has(task.status)) throw badInput(`Task ${taskId} has already ended (${task.status}); only queued or running tasks can be cancelled`, { status: task.status });
    const held = await runner.cancel(taskId, reason);
    // Not held by this process (another process's, or one a crash left behind): just end it.
    if (!held) await database.write((connection) => finishTask(connection, taskId, { status: 'cancelled', error_message: `Cancelled: ${reason}`, metadata: { cancel_reason: reason } }));
    const after = await get(taskId);
    await database.write((connection) =>
      insertAuditRows(connection, [
        { actor: caller.actor, action: 'task.cancel', target_type: 'task', target_id: taskId, outcome: after.status === 'cancelled' ? 'ok' : 'error', details: { reason, status: after.status } },
      ]),
    );
    if (after.status === 'success') throw conflict(`Task ${taskId} finished before it could be cancelled; its table '${after.result_info?.table_name}' exists`, { status: after.status });
    return after;
  }

  /** A new task from an ended one (its SQL, table and datasource unless overridden); the old one gets last_retry_id. */
  async function retry(input: RetryTaskInput): Promise<{ task: AsyncTask; progressId: string }> {
    const old = await get(input.taskId);
    if (!FINISHED_STATUSES.has(old.status)) throw badInput(`Task ${old.task_id} is still ${old.status}; cancel it or wait for it to end before retrying`, { status: old.status });
    return submit(
      {
        sql: input.overrideSql ?? old.query,
        customTableName: input.customTableName ?? old.custom_table_name ?? undefined,
        taskType: 'query',
        datasource: input.datasourceOverride === undefined ? old.datasource : input.datasourceOverride,
        ifExists: input.ifExists ?? (old.metadata.if_exists === 'replace' ? 'replace' : 'fail'),
      },
      old.task_id,
    );
  }

  /** Writes the result table of a successful task as CSV or Parquet into the exports folder. */
  async function exportResult(taskId: string, format: string): Promise<TaskExportFile> {
    const normalized = format.trim().toLowerCase();
    if (!isExportFormat(normalized)) throw badInput(`Unsupported export format '${format.slice(0, 50)}': use csv or parquet`, { format: format.slice(0, 50) });
    const task = await get(taskId);
    if (task.status !== 'success' || !task.result_info) throw badInput(`Task ${taskId} has not finished successfully (${task.status}); only a finished task's result can be downloaded`, { status: task.status });
    const table = task.result_info.table_name;
    if (!(await resultTableExists(database, table))) throw notFound('Result table', table);
    // The stored id (server-made hex) names the file, never the caller's text.
    const file = await exportTable(database, { exportsDir: config.exportsDir, ttlMs: config.tasks.exportTtlMs, taskId: task.task_id, table, format: normalized });
    await database.write((connection) =>
      insertAuditRows(connection, [
        { actor: caller.actor, action: 'task.export', target_type: 'task', target_id: taskId, outcome: 'ok', details: { table, format: normalized, export: file.exportName, bytes: file.sizeBytes } },
      ]),
    );
    return file;
  }

  return { submit: (input: SubmitTaskInput) => submit(input), get, list, cancel, retry, exportResult };
}

export type TasksService = ReturnType<typeof createTasksService>;

const AUDIT_SQL_CHARS = 2000;
const auditSql = (sql: string) => (sql.length > AUDIT_SQL_CHARS ? `${sql.slice(0, AUDIT_SQL_CHARS)}… (${sql.length} characters)` : sql);
