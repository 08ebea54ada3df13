import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';
import { legacyAsyncQueryBody, resultTableOf } from '@/server/tasks/legacy-tasks';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Queues a read-only query whose result lands in table `custom_table_name` (sanitised) or
 * `async_result_<id>`, with its file-source entry; with `datasource` {id, type} of a saved
 * connection it runs there. A write statement answers 403, a taken table name 400 (as the legacy
 * API answered), an unknown connection 404.
 */
export const POST = legacyRoute(
  async (req: Request) => {
    const body = await readJsonBody(req, legacyAsyncQueryBody);
    const { task, progressId } = await (await callerFor(req)).tasks.submit({
      sql: body.sql,
      customTableName: body.custom_table_name,
      taskType: body.task_type,
      datasource: body.datasource ?? null,
    });
    const table = resultTableOf(task);
    return legacyJson({
      success: true,
      task_id: task.task_id,
      message: `Task ${task.task_id} queued; its result will be saved as table '${table}'`,
      table_name: table,
      progress_id: progressId,
    });
  },
  { CONFLICT: 400 },
);
