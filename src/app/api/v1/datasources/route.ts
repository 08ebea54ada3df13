import { checkConnectorParams } from '@/server/connectors/registry';
import { readV1ListQuery } from '@/server/datasources/v1-request';
import { toV1Datasource, v1CreateBody } from '@/server/datasources/v1-schemas';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** A page of connections: `?search=&type=&status=&sort_by=&sort_direction=&limit=&offset=` (OpenAPI: /api/v1/openapi.json). */
export const GET = legacyRoute(async (req: Request) => {
  const page = await (await callerFor(req)).datasources.list(readV1ListQuery(req));
  return legacyJson({ ...page, items: page.items.map(toV1Datasource) });
});

/** Creates a connection; its params must fit its type (400 otherwise); 409 for a taken id. Not tested: POST …/validate. */
export const POST = legacyRoute(async (req: Request) => {
  const body = await readJsonBody(req, v1CreateBody);
  checkConnectorParams(body.type, body.params);
  const created = await (await callerFor(req)).datasources.create(body);
  return legacyJson(toV1Datasource(created), 201);
});
