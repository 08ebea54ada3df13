import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyTableName } from '@/server/connectors/legacy-rest-shapes';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

interface Params {
  params: Promise<{ connection_id: string }>;
}

/** The tables and views of a saved connection: `{success, connection_id, connection_name, database, tables, table_count}`; 404 unknown id. */
export const GET = legacyRoute(async (req: Request, { params }: Params) => {
  const { connection_id: id } = await params;
  const caller = await callerFor(req);
  const connection = await caller.datasources.get({ id });
  const tables = await caller.datasources.tables({ id });
  const defaultSchema = typeof connection.params.schema === 'string' ? connection.params.schema : connection.type === 'postgresql' ? 'public' : (tables[0]?.schema ?? null);
  const names = tables.map((table) => legacyTableName(table, defaultSchema));
  return legacyJson({
    success: true,
    connection_id: id,
    connection_name: connection.name,
    database: connection.params.database ?? null,
    tables: names,
    table_count: names.length,
  });
});
