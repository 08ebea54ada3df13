import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The connector types and their params' JSON Schema (for forms). */
export const GET = legacyRoute(async (req: Request) => legacyJson(await (await callerFor(req)).datasources.connectorTypes()));
