import { serverImportInput } from '@/server/server-files/server-files-service';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Legacy shim (REST.md "File ingestion"): `{path, table_alias?}` → the table made from a server file. */
export const POST = legacyRoute(
  async (req: Request) => {
    const input = await readJsonBody(req, serverImportInput);
    const { source, mountLabel, progressId } = await (await callerFor(req)).ingest.serverImport(input);
    return legacyJson({
      success: true,
      message: `Imported ${source.row_count} rows into table '${source.source_id}'`,
      table_name: source.source_id,
      row_count: source.row_count,
      column_count: source.column_count,
      columns: source.columns,
      file_type: source.file_type,
      file_path: source.file_path,
      mount_label: mountLabel,
      progress_id: progressId,
    });
  },
  {},
  { rateLimit: 'upload' },
);
