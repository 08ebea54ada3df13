import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Legacy shim (REST.md "File ingestion"): `{mounts: [{label, path, exists}]}` (no `success` key). */
export const GET = legacyRoute(async (req: Request) => legacyJson({ mounts: await (await callerFor(req)).ingest.serverMounts() }));
