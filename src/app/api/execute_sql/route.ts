import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyExecuteSqlBody, toLegacyExternalResult } from '@/server/connectors/legacy-rest-shapes';
import { notFound } from '@/server/errors';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Runs SQL on a saved connection (read-only transaction unless it is writable), or — datasource
 * of type `duckdb` that is not a saved connection, or none — on DuckQuery's own DuckDB through
 * the guarded query service. Answers the legacy `{success, data, columns, rowCount, source_type,
 * source_id, sql_query, can_save_to_duckdb}`.
 */
export const POST = legacyRoute(
  async (req: Request) => {
    const body = await readJsonBody(req, legacyExecuteSqlBody);
    const caller = await callerFor(req);
    const id = body.datasource?.id;
    const saved = id ? await caller.datasources.get({ id }).catch(() => null) : null;
    if (!saved && (!body.datasource?.type || body.datasource.type === 'duckdb')) {
      const result = await caller.query.run({ sql: body.sql, legacyLimitRule: true });
      return legacyJson(toLegacyExternalResult({ columns: result.columns, rows: result.rows, truncated: result.truncated }, body.sql, { type: 'duckdb', id: id ?? 'duckdb' }));
    }
    if (!saved) throw notFound('Connection', id ?? '(none)');
    const answer = await caller.datasources.query({ id: saved.id, sql: body.sql, limit: body.is_preview ? 1000 : 10_000 });
    return legacyJson(toLegacyExternalResult(answer, body.sql, { type: saved.type, id: saved.id }));
  },
  {},
  { rateLimit: 'query' },
);
