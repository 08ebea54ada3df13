import { legacyRoute } from '@/server/rest/legacy-route';
import { legacySimpleTestBody } from '@/server/rest/legacy-connections';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';
import { testUnsavedConnection } from '@/server/rest/test-unsaved-connection';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `{type, host, port, username, password, database}` → HTTP 200 `{success, message}`. */
export const POST = legacyRoute(async (req: Request) => {
  const input = await readJsonBody(req, legacySimpleTestBody);
  const { type, ...params } = input;
  const result = await testUnsavedConnection(req, type, params);
  return legacyJson({ success: result.success, message: result.message });
});
