import { legacyPasteInput } from '@/server/ingest/paste';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Pasted rows can be many; the legacy frontend sends them as one JSON body. */
const MAX_PASTE_BODY_BYTES = 100 * 1024 * 1024;

/**
 * Legacy shim (REST.md "File ingestion"): `{table_name, column_names, column_types, data_rows}`;
 * 400 on an empty name/columns/rows, a count mismatch or a ragged row (zod's 422 for a wrong shape).
 */
export const POST = legacyRoute(async (req: Request) => {
  const input = await readJsonBody(req, legacyPasteInput, MAX_PASTE_BODY_BYTES);
  const { source, columnInfo } = await (await callerFor(req)).ingest.pasteRows(input);
  return legacyJson({
    success: true,
    message: `Saved ${source.row_count} rows into table '${source.source_id}'`,
    table_name: source.source_id,
    rows_saved: source.row_count,
    columns_count: source.column_count,
    column_info: columnInfo,
    created_at: source.created_at,
    createdAt: source.created_at,
  });
});
