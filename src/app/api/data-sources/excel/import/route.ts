import { TRPCError } from '@trpc/server';
import { excelImportInput } from '@/server/excel/excel-service';
import { errorToResponse } from '@/server/rest/error-response';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Legacy shim (REST.md "File ingestion"): the chosen sheets, all in one transaction. A failed
 * import answers the legacy 400 `{detail: {code: "EXCEL_IMPORT_FAILED", message}}`; an unknown
 * file stays 404.
 */
export const POST = legacyRoute(async (req: Request) => {
  const input = await readJsonBody(req, excelImportInput);
  try {
    return legacyJson({ success: true, ...(await (await callerFor(req)).ingest.excelImport(input)) });
  } catch (error) {
    const status = errorToResponse(error).status;
    if (status === 404 || status === 401 || status === 403 || status === 429 || status >= 500) throw error;
    const message = error instanceof TRPCError ? error.message : 'The Excel import failed';
    return legacyJson({ success: false, detail: { code: 'EXCEL_IMPORT_FAILED', message }, error: { code: 'EXCEL_IMPORT_FAILED', message, details: null } }, 400);
  }
});
