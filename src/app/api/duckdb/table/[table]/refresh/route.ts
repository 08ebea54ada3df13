import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';
import { toLegacyTableDetail, type TableParams } from '@/server/tables/legacy-tables';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Recomputes the statistics and writes counts and columns back to the table's file-source row. */
export const POST = legacyRoute(async (req: Request, { params }: TableParams) => {
  const { table } = await params;
  const detail = await (await callerFor(req)).tables.refresh({ table });
  return legacyJson({ success: true, table: toLegacyTableDetail(detail) });
});
