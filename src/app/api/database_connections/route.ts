import { callerFor, collectAllPages, legacyRoute } from '@/server/rest/legacy-route';
import { legacyConnectionCreateBody, savedMessage, toLegacyConnection } from '@/server/rest/legacy-connections';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Legacy shim (REST.md "Database connections"): every connection, oldest first, secrets masked. */
export const GET = legacyRoute(async (req: Request) => {
  const caller = await callerFor(req);
  const connections = await collectAllPages((page) => caller.datasources.list({ ...page, sortBy: 'created_at', sortDirection: 'asc' }));
  return legacyJson({ success: true, connections: connections.map(toLegacyConnection) });
});

/**
 * Saves, then tests through the router's `test` procedure, which records the outcome. The legacy
 * rule holds: a connection whose test fails is still saved, with status 'error' (a type without a
 * connector, e.g. legacy `csv`, is not tested and keeps the status sent). The status rule stays
 * in one place (the service's recordTest, shared with tRPC) rather than being decided here.
 * A taken id answers 400 like the legacy "creation failed".
 */
export const POST = legacyRoute(
  async (req: Request) => {
    const input = await readJsonBody(req, legacyConnectionCreateBody);
    const caller = await callerFor(req);
    const created = await caller.datasources.create(input);
    const { result, connection } = await caller.datasources.test({ id: created.id });
    return legacyJson({ success: true, message: savedMessage('created', result, connection), connection: toLegacyConnection(connection) });
  },
  { CONFLICT: 400 },
  // The connection-test slot is taken before saving: a rate-limited request then saves nothing.
  { rateLimit: 'connection_test' },
);
