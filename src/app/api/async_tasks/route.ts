import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson, RestResponseError, validationError } from '@/server/rest/responses';
import { zodIssuesToItems } from '@/server/rest/zod-to-422';
import { legacyListQuery, toLegacyTask } from '@/server/tasks/legacy-tasks';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `?limit=100` (1–1000): the caller's tasks, newest first (an admin's: everyone's). */
export const GET = legacyRoute(async (req: Request) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const query = legacyListQuery.safeParse(params);
  if (!query.success) throw new RestResponseError(validationError(zodIssuesToItems(query.error).map((item) => ({ ...item, loc: ['query', ...item.loc.slice(1)] }))));
  const tasks = await (await callerFor(req)).tasks.list({ limit: query.data.limit });
  return legacyJson({ success: true, tasks: tasks.map(toLegacyTask), count: tasks.length });
});
