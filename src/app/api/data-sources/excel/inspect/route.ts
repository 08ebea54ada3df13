import { excelInspectInput } from '@/server/excel/excel-service';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Legacy shim (REST.md "File ingestion"): `{file_id}` → the workbook's sheets; 404 unknown file. */
export const POST = legacyRoute(async (req: Request) => {
  const input = await readJsonBody(req, excelInspectInput);
  return legacyJson({ success: true, ...(await (await callerFor(req)).ingest.excelInspect(input)) });
});
