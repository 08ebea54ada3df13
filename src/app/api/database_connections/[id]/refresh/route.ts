import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { toLegacyConnection, toLegacyTestResult } from '@/server/rest/legacy-connections';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Re-tests a saved connection and records the outcome; `success` says the refresh ran, `test_result` how the test went. 404 unknown id. */
export const POST = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const { result, connection } = await (await callerFor(req)).datasources.test({ id });
  return legacyJson({
    success: true,
    message: result.message,
    connection: toLegacyConnection(connection),
    test_result: toLegacyTestResult(result),
  });
});
