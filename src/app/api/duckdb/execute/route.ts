import { legacyExecuteBody, toLegacyExecuteResult } from '@/server/query/legacy-execute';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Runs SQL through the guarded query service. The legacy LIMIT rule holds: a SELECT without a
 * LIMIT of its own answers at most max_query_rows rows. Refused statements answer 403, a timeout
 * 408, a full server 429; a taken save_as_table name 400, as the legacy API answered.
 */
export const POST = legacyRoute(
  async (req: Request) => {
    const body = await readJsonBody(req, legacyExecuteBody);
    const caller = await callerFor(req);
    const result = await caller.query.run({ sql: body.sql, saveAsTable: body.save_as_table, legacyLimitRule: true });
    const tables = await caller.tables.list();
    return legacyJson(toLegacyExecuteResult(result, body.sql, tables.map((t) => t.table_name)));
  },
  { CONFLICT: 400 },
  { rateLimit: 'query' },
);
