import { toV1Datasource } from '@/server/datasources/v1-schemas';
import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Tests the saved connection and records status / last_tested: 200 with `success` either way; 404 unknown id. */
export const POST = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const { result, connection } = await (await callerFor(req)).datasources.test({ id });
  return legacyJson({ ...result, datasource: toV1Datasource(connection) });
});
