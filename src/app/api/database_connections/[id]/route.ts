import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { legacyConnectionUpdateBody, savedMessage, toLegacyConnection } from '@/server/rest/legacy-connections';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** One connection, secrets masked; 404 unknown id. */
export const GET = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const connection = await (await callerFor(req)).datasources.get({ id });
  return legacyJson({ success: true, connection: toLegacyConnection(connection) });
});

/** The full connection; a secret sent back as "********" keeps the stored one. Saves, then re-tests (see POST). */
export const PUT = legacyRoute(
  async (req: Request, { params }: IdParams) => {
    const { id } = await params;
    const patch = await readJsonBody(req, legacyConnectionUpdateBody);
    const caller = await callerFor(req);
    await caller.datasources.update({ id, patch });
    const { result, connection } = await caller.datasources.test({ id });
    return legacyJson({ success: true, message: savedMessage('updated', result, connection), connection: toLegacyConnection(connection) });
  },
  {},
  // The connection-test slot is taken before saving: a rate-limited request then saves nothing.
  { rateLimit: 'connection_test' },
);

/** **Fix** (REST.md): 404 for an unknown id instead of a silent success. */
export const DELETE = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const deleted = await (await callerFor(req)).datasources.delete({ id });
  return legacyJson({ success: true, message: `Connection '${deleted.id}' deleted` });
});
