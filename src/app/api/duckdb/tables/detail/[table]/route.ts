import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';
import { toLegacyTableDetail, type TableParams } from '@/server/tables/legacy-tables';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Live column statistics (one pass over the table); 404 unknown or system table. */
export const GET = legacyRoute(async (req: Request, { params }: TableParams) => {
  const { table } = await params;
  const detail = await (await callerFor(req)).tables.detail({ table });
  return legacyJson({ success: true, table: toLegacyTableDetail(detail) });
});
