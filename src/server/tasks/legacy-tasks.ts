import { z } from 'zod';
import { sourceId } from '../file-sources/file-source';
import { sqlText } from '../query/query-input';
import { nullAsMissing, readJsonBody } from '../rest/read-json-body';
import type { AsyncTask } from './task';

/**
 * The legacy REST shapes of async tasks (/work/shared/legacy/REST.md, "Async tasks"): request
 * bodies in the legacy field names, and the legacy task object.
 */

/** The legacy frontend sent `{id, type}` plus whatever else it had (name…): extra keys are dropped. */
const legacyDatasource = z.object({ id: z.union([z.string(), z.number()]).transform(String), type: z.string().min(1).max(50) });

/** POST /api/async_query */
export const legacyAsyncQueryBody = z.preprocess(
  nullAsMissing(['custom_table_name', 'task_type', 'datasource']),
  z.object({
    sql: sqlText,
    custom_table_name: sourceId.optional(),
    task_type: z.literal('query').default('query'),
    datasource: legacyDatasource.optional(),
  }),
);

/** POST /api/async_tasks/{id}/cancel (the body is optional) */
export const legacyCancelBody = z.preprocess(nullAsMissing(['reason']), z.object({ reason: z.string().max(1000).optional() }));

/** POST /api/async_tasks/{id}/retry (the body is optional) */
export const legacyRetryBody = z.preprocess(
  nullAsMissing(['override_sql', 'custom_table_name', 'datasource_override']),
  z.object({
    override_sql: sqlText.optional(),
    custom_table_name: sourceId.optional(),
    datasource_override: legacyDatasource.optional(),
  }),
);

/** POST /api/async-tasks/{id}/download; an unknown format is the service's 400, not a 422. */
export const legacyDownloadBody = z.object({ format: z.string().min(1).max(50) });

/** GET /api/async_tasks?limit= */
export const legacyListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** Bodies the legacy client may leave out entirely: no body means `{}`. */
export async function readOptionalJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  if (req.body === null || req.headers.get('content-length') === '0') return schema.parse({});
  return readJsonBody(req, schema);
}

/**
 * The legacy task: `{task_id, status, created_at, started_at, completed_at, query, task_type,
 * datasource, result_file_path, error_message, execution_time, result_info, metadata}`, plus the
 * retry links and chosen table name.
 */
export function toLegacyTask(task: AsyncTask) {
  return {
    task_id: task.task_id,
    status: task.status,
    created_at: task.created_at,
    started_at: task.started_at,
    completed_at: task.completed_at,
    query: task.query,
    task_type: task.task_type,
    datasource: task.datasource,
    result_file_path: task.result_info ? `duckdb://${task.result_info.table_name}` : null,
    error_message: task.error_message,
    execution_time: task.execution_time,
    result_info: task.result_info,
    metadata: task.metadata,
    custom_table_name: task.custom_table_name,
    last_retry_id: task.last_retry_id,
    retry_of: task.retry_of,
  };
}

/** The table a task writes (the chosen name, else async_result_<id>). */
export function resultTableOf(task: AsyncTask): string {
  return String(task.metadata.result_table ?? task.custom_table_name ?? `async_result_${task.task_id}`);
}
