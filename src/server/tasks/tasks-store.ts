import type { DuckDBConnection } from '@duckdb/node-api';
import { parseJson, queryOne, queryRows, toNumber } from '../db/rows';
import type { AsyncTask, TaskDatasource, TaskResultInfo, TaskStatus } from './task';

/** The SQL of system_async_tasks, and nothing else. Functions take the caller's connection. */

const COLUMNS = `task_id, status, query, task_type, datasource, custom_table_name, result_info, error_message,
  created_at, started_at, completed_at, execution_time, last_retry_id, retry_of, metadata, actor`;

export interface NewTask {
  task_id: string;
  query: string;
  task_type: string;
  datasource: TaskDatasource | null;
  custom_table_name: string | null;
  retry_of: string | null;
  metadata: Record<string, unknown>;
  actor: string;
}

export async function insertTask(connection: DuckDBConnection, task: NewTask): Promise<AsyncTask> {
  const row = await queryOne(
    connection,
    `INSERT INTO system_async_tasks (task_id, status, query, task_type, datasource, custom_table_name, retry_of, metadata, actor, created_at)
     VALUES ($1, 'queued', $2, $3, $4::JSON, $5, $6, $7::JSON, $8, now())
     RETURNING ${COLUMNS}`,
    [task.task_id, task.query, task.task_type, json(task.datasource), task.custom_table_name, task.retry_of, JSON.stringify(task.metadata), task.actor],
  );
  return toTask(row!);
}

export async function findTask(connection: DuckDBConnection, taskId: string): Promise<AsyncTask | null> {
  const row = await queryOne(connection, `SELECT ${COLUMNS} FROM system_async_tasks WHERE task_id = $1`, [taskId]);
  return row ? toTask(row) : null;
}

/** Newest first; `actor` limits the list to one caller's tasks. */
export async function listTasks(connection: DuckDBConnection, filter: { limit: number; status?: TaskStatus; actor?: string }): Promise<AsyncTask[]> {
  const rows = await queryRows(
    connection,
    `SELECT ${COLUMNS} FROM system_async_tasks
     WHERE ($status::VARCHAR IS NULL OR status = $status) AND ($actor::VARCHAR IS NULL OR actor = $actor)
     ORDER BY created_at DESC, task_id LIMIT $limit`,
    { status: filter.status ?? null, actor: filter.actor ?? null, limit: filter.limit },
  );
  return rows.map(toTask);
}

/** queued → running; false when the task is no longer queued (cancelled meanwhile). */
export async function markRunning(connection: DuckDBConnection, taskId: string): Promise<boolean> {
  const rows = await queryRows(
    connection,
    `UPDATE system_async_tasks SET status = 'running', started_at = now() WHERE task_id = $1 AND status = 'queued' RETURNING task_id`,
    [taskId],
  );
  return rows.length === 1;
}

export interface TaskOutcome {
  status: 'success' | 'failed' | 'cancelled';
  error_message?: string | null;
  result_info?: TaskResultInfo | null;
  /** Merged into `metadata` (e.g. the cancel reason). */
  metadata?: Record<string, unknown>;
}

/**
 * Ends a task that is still queued or running; false when it had already ended (the first ending
 * wins, so a late failure never overwrites a cancel). execution_time counts from started_at.
 */
export async function finishTask(connection: DuckDBConnection, taskId: string, outcome: TaskOutcome): Promise<boolean> {
  const rows = await queryRows(
    connection,
    `UPDATE system_async_tasks
     SET status = $status, error_message = $error, result_info = $result::JSON, completed_at = now(),
         execution_time = CASE WHEN started_at IS NULL THEN NULL ELSE epoch(now() - started_at) END,
         metadata = json_merge_patch(metadata, $metadata::JSON)
     WHERE task_id = $id AND status IN ('queued', 'running')
     RETURNING task_id`,
    {
      id: taskId,
      status: outcome.status,
      error: outcome.error_message ?? null,
      result: json(outcome.result_info ?? null),
      metadata: JSON.stringify(outcome.metadata ?? {}),
    },
  );
  return rows.length === 1;
}

export async function setLastRetryId(connection: DuckDBConnection, taskId: string, retryId: string): Promise<void> {
  await connection.run(`UPDATE system_async_tasks SET last_retry_id = $1 WHERE task_id = $2`, [retryId, taskId]);
}

/** Every task still queued or running becomes failed with `message`; returns their ids. */
export async function failUnfinishedTasks(connection: DuckDBConnection, message: string): Promise<string[]> {
  const rows = await queryRows<{ task_id: string }>(
    connection,
    `UPDATE system_async_tasks
     SET status = 'failed', error_message = $1, completed_at = now(),
         execution_time = CASE WHEN started_at IS NULL THEN NULL ELSE epoch(now() - started_at) END
     WHERE status IN ('queued', 'running')
     RETURNING task_id`,
    [message],
  );
  return rows.map((row) => row.task_id);
}

function toTask(row: Record<string, unknown>): AsyncTask {
  return {
    task_id: String(row.task_id),
    status: String(row.status) as TaskStatus,
    query: String(row.query),
    task_type: String(row.task_type),
    datasource: parseJson<TaskDatasource | null>(row.datasource, null),
    custom_table_name: (row.custom_table_name as string | null) ?? null,
    result_info: parseJson<TaskResultInfo | null>(row.result_info, null),
    error_message: (row.error_message as string | null) ?? null,
    created_at: row.created_at as Date,
    started_at: (row.started_at as Date | null) ?? null,
    completed_at: (row.completed_at as Date | null) ?? null,
    execution_time: toNumber(row.execution_time),
    last_retry_id: (row.last_retry_id as string | null) ?? null,
    retry_of: (row.retry_of as string | null) ?? null,
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
    actor: String(row.actor),
  };
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
