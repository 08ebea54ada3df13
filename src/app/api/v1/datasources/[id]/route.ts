import { toV1Datasource, v1UpdateBody } from '@/server/datasources/v1-schemas';
import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  return legacyJson(toV1Datasource(await (await callerFor(req)).datasources.get({ id })));
});

/** Changes the fields sent; params replace the stored ones, "********" keeps a stored secret. Its open pool is closed. */
export const PATCH = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const patch = await readJsonBody(req, v1UpdateBody);
  return legacyJson(toV1Datasource(await (await callerFor(req)).datasources.update({ id, patch })));
});

/** Admin only. */
export const DELETE = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  return legacyJson(toV1Datasource(await (await callerFor(req)).datasources.delete({ id })));
});
