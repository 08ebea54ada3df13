import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyColumns, rowObjects } from '@/server/connectors/legacy-rest-shapes';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

interface Params {
  params: Promise<{ connection_id: string; table: string }>;
}

/**
 * `{success, table_name, columns, column_count, row_count, sample_data}`: columns with their
 * source and DuckDB types, 10 sample rows. `?schema=` picks a PostgreSQL schema; a name listed as
 * `schema.table` (outside the default schema) is understood too. 404 unknown connection or table.
 */
export const GET = legacyRoute(async (req: Request, { params }: Params) => {
  const { connection_id: id, table: rawTable } = await params;
  const caller = await callerFor(req);
  const schemaParam = new URL(req.url).searchParams.get('schema');
  const dotted = !schemaParam && rawTable.includes('.') ? rawTable.split('.') : null;
  const [schema, table] = dotted && dotted.length === 2 ? [dotted[0]!, dotted[1]!] : [schemaParam, rawTable];
  const details = await caller.datasources.describeTable({ id, schema, table, sampleRows: 10 });
  return legacyJson({
    success: true,
    table_name: rawTable,
    columns: legacyColumns(details.columns),
    column_count: details.columns.length,
    row_count: details.rowCount,
    sample_data: rowObjects(details.columns, details.sample.rows),
  });
});
