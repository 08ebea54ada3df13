import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';
import type { TableParams } from '@/server/tables/legacy-tables';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Drops the table and its file-source entry in one transaction (REST.md **Fix**: the legacy left the entry); 404 unknown. */
export const DELETE = legacyRoute(async (req: Request, { params }: TableParams) => {
  const { table } = await params;
  const deleted = await (await callerFor(req)).tables.delete({ table });
  return legacyJson({ success: true, message: `Table '${deleted.table_name}' deleted`, table_name: deleted.table_name });
});
