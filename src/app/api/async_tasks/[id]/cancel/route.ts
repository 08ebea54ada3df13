import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';
import { legacyCancelBody, readOptionalJsonBody } from '@/server/tasks/legacy-tasks';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Cancels a queued or running task and answers once it has stopped (**Fix**: the running query
 * is really interrupted; it leaves no table). 404 unknown id; 400 for a task that already ended.
 */
export const POST = legacyRoute(
  async (req: Request, { params }: IdParams) => {
    const { id } = await params;
    const body = await readOptionalJsonBody(req, legacyCancelBody);
    const task = await (await callerFor(req)).tasks.cancel({ taskId: id, reason: body.reason });
    const message =
      task.status === 'cancelled'
        ? `Task ${task.task_id} was cancelled; nothing was saved`
        : `Task ${task.task_id} is being cancelled: its query was interrupted and is still stopping`;
    return legacyJson({ success: true, task_id: task.task_id, message, status: task.status });
  },
  { CONFLICT: 400 },
);
