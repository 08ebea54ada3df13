import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';
import { toLegacyTableSummary } from '@/server/tables/legacy-tables';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Legacy shim (REST.md "DuckDB tables and queries"): user tables, newest first, system tables hidden. */
export const GET = legacyRoute(async (req: Request) => {
  const tables = await (await callerFor(req)).tables.list();
  return legacyJson({ success: true, tables: tables.map(toLegacyTableSummary), count: tables.length });
});
