import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';
import { toLegacyTask } from '@/server/tasks/legacy-tasks';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** One task; 404 for an unknown id (or another user's task). */
export const GET = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const task = await (await callerFor(req)).tasks.get({ taskId: id });
  return legacyJson({ success: true, task: toLegacyTask(task) });
});
