import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';
import { legacyRetryBody, readOptionalJsonBody, resultTableOf } from '@/server/tasks/legacy-tasks';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** A new task from an ended one (optionally other SQL, table or datasource); the old one gets last_retry_id. */
export const POST = legacyRoute(
  async (req: Request, { params }: IdParams) => {
    const { id } = await params;
    const body = await readOptionalJsonBody(req, legacyRetryBody);
    const { task, progressId } = await (await callerFor(req)).tasks.retry({
      taskId: id,
      overrideSql: body.override_sql,
      customTableName: body.custom_table_name,
      datasourceOverride: body.datasource_override,
    });
    return legacyJson({
      success: true,
      task_id: task.task_id,
      message: `Task ${id} retried as task ${task.task_id}; its result will be saved as table '${resultTableOf(task)}'`,
      retry_of: id,
      progress_id: progressId,
    });
  },
  { CONFLICT: 400 },
);
