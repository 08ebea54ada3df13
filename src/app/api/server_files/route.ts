import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Legacy shim (REST.md "File ingestion"): a server folder's entries; 400 outside the mounts, 404 missing, 403 unreadable. */
export const GET = legacyRoute(async (req: Request) => {
  const requested = new URL(req.url).searchParams.get('path') ?? '';
  return legacyJson(await (await callerFor(req)).ingest.serverBrowse({ path: requested }));
});
