import { legacyRoute } from '@/server/rest/legacy-route';
import { legacyConnectionTestBody, toLegacyTestResult } from '@/server/rest/legacy-connections';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';
import { testUnsavedConnection } from '@/server/rest/test-unsaved-connection';
import * as byId from '../[id]/route';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Tests unsaved `{type, params}`: always HTTP 200, the outcome is in `success` (legacy). */
export const POST = legacyRoute(async (req: Request) => {
  const input = await readJsonBody(req, legacyConnectionTestBody);
  return legacyJson(toLegacyTestResult(await testUnsavedConnection(req, input.type, input.params)));
});

// This static folder shadows `[id]` for a connection whose id is "test"; the legacy router
// (FastAPI) still reached it with GET/PUT/DELETE, so these hand over to the `[id]` shims.
const asId = { params: Promise.resolve({ id: 'test' }) };
export const GET = (req: Request) => byId.GET(req, asId);
export const PUT = (req: Request) => byId.PUT(req, asId);
export const DELETE = (req: Request) => byId.DELETE(req, asId);
