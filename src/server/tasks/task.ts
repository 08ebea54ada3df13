import { z } from 'zod';
import { sourceId } from '../file-sources/file-source';
import { sqlText } from '../query/query-input';

export const TASK_STATUSES = ['queued', 'running', 'success', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses a task never leaves. */
export const FINISHED_STATUSES: ReadonlySet<TaskStatus> = new Set(['success', 'failed', 'cancelled']);

/** Where the query runs: null = DuckQuery's own DuckDB; else a saved connection, as the legacy API sent it. */
export interface TaskDatasource {
  id: string;
  type: string;
}

/** What a successful task produced. */
export interface TaskResultInfo {
  status: 'success';
  table_name: string;
  row_count: number;
  column_count: number;
  columns: { name: string; type: string }[];
}

/** One row of system_async_tasks. */
export interface AsyncTask {
  task_id: string;
  status: TaskStatus;
  query: string;
  task_type: string;
  datasource: TaskDatasource | null;
  custom_table_name: string | null;
  result_info: TaskResultInfo | null;
  error_message: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  /** Seconds from start to end. */
  execution_time: number | null;
  last_retry_id: string | null;
  retry_of: string | null;
  /** `progress_id` (poll it with tRPC progress.get), `cancel_reason`, `if_exists`. */
  metadata: Record<string, unknown>;
  actor: string;
}

/** Datasource types that mean DuckQuery's own database (the legacy frontend sent these for it). */
const LOCAL_TYPES = new Set(['duckdb', 'local', 'default']);

/** Whether the task's query runs on a saved external connection rather than DuckQuery's DuckDB. */
export function isExternal(datasource: TaskDatasource | null): datasource is TaskDatasource {
  return datasource !== null && !LOCAL_TYPES.has(datasource.type.toLowerCase());
}

/** Any text: an id that is no task's (malformed or not) is simply "not found" (404), as the legacy API answered. */
export const taskId = z.string().min(1).max(100);

export const taskDatasource = z.object({ id: z.string().min(1).max(200), type: z.string().min(1).max(50) });

/** What to do when the result table already exists: fail (the default) or replace it. */
export const ifExistsChoice = z.enum(['fail', 'replace']);

export const taskSubmitInput = z.object({
  sql: sqlText,
  customTableName: sourceId.optional(),
  taskType: z.literal('query').default('query'),
  datasource: taskDatasource.nullable().optional(),
  ifExists: ifExistsChoice.default('fail'),
});
export type TaskSubmitInput = z.input<typeof taskSubmitInput>;

export const taskListInput = z
  .object({
    limit: z.number().int().min(1).max(1000).default(100),
    status: z.enum(TASK_STATUSES).optional(),
  })
  .default({ limit: 100 });

export const taskIdInput = z.object({ taskId });

export const taskCancelInput = z.object({ taskId, reason: z.string().max(1000).optional() });

export const taskRetryInput = z.object({
  taskId,
  overrideSql: sqlText.optional(),
  customTableName: sourceId.optional(),
  datasourceOverride: taskDatasource.nullable().optional(),
  ifExists: ifExistsChoice.optional(),
});

export const EXPORT_FORMATS = ['csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Any text, so that an unknown format is the service's clear 400 (legacy), not a validation error. */
export const taskExportInput = z.object({ taskId, format: z.string().min(1).max(50) });

export function isExportFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}
