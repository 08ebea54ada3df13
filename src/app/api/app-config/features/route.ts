import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * `{enable_pivot_tables, pivot_table_extension, max_query_rows}`. The legacy pivot-table feature
 * needed a DuckDB extension that this server does not load (extensions are off), so it is off;
 * SQL PIVOT with an explicit IN list works in the SQL box.
 */
export const GET = legacyRoute(async (req: Request) => {
  const settings = await (await callerFor(req)).query.settings();
  return legacyJson({ enable_pivot_tables: false, pivot_table_extension: null, max_query_rows: settings.maxQueryRows });
});
