import { z } from 'zod';
import { nullAsMissing } from '../../rest/read-json-body';
import type { ImportFromUrlInput } from './url-import-inputs';
import type { UrlImportResult } from './url-import-service';

/** The legacy body of POST /api/read_from_url (REST.md "File ingestion"). */
export const legacyReadFromUrlBody = z.preprocess(
  nullAsMissing(['table_alias', 'file_type', 'encoding', 'delimiter', 'header']),
  z.object({
    url: z.string(),
    table_alias: z.string().optional(),
    file_type: z.string().optional(),
    encoding: z.string().optional(),
    delimiter: z.string().optional(),
    header: z.boolean().optional(),
  }),
);

const FILE_TYPES = ['csv', 'tsv', 'json', 'jsonl', 'parquet', 'xlsx'] as const;
const LEGACY_TYPE_NAMES: Record<string, (typeof FILE_TYPES)[number]> = { excel: 'xlsx', pq: 'parquet', ndjson: 'jsonl', txt: 'csv' };

/**
 * Legacy fields onto the procedure's input. The legacy defaults (utf-8, ",", header) are what
 * DuckDB's sniffer finds for such files anyway, so only values that differ are passed as choices:
 * a TSV behind a URL is not read with ",". `auto` or no file_type = detected.
 */
export function importInputFromLegacy(body: z.output<typeof legacyReadFromUrlBody>): ImportFromUrlInput {
  const type = body.file_type?.trim().toLowerCase();
  const fileType = !type || type === 'auto' ? undefined : (LEGACY_TYPE_NAMES[type] ?? type);
  const encoding = body.encoding && !/^utf-?8$/i.test(body.encoding.trim()) ? body.encoding : undefined;
  const delimiter = body.delimiter && body.delimiter !== ',' ? body.delimiter : undefined;
  const header = body.header === false ? false : undefined;
  return {
    url: body.url,
    tableAlias: body.table_alias,
    fileType: fileType as ImportFromUrlInput['fileType'],
    csv: { delimiter, header, encoding },
    ifExists: 'rename',
  };
}

export function readFromUrlAnswer(r: UrlImportResult) {
  if (r.result.kind === 'pending_excel') {
    return { success: true, file_type: 'excel', requires_sheet_selection: true, pending_excel: r.result.pendingExcel, url: r.url, original_url: r.originalUrl, progress_id: r.progressId, message: 'Workbook downloaded: choose the sheets to import' };
  }
  const { source } = r.result;
  return {
    success: true,
    message: `Imported ${source.row_count} rows from the URL into table '${source.source_id}'`,
    table_name: source.source_id,
    row_count: source.row_count,
    column_count: source.column_count,
    columns: source.columns,
    file_type: r.fileType,
    url: r.url,
    original_url: r.originalUrl,
    progress_id: r.progressId,
  };
}

export function urlInfoAnswer(r: { fileType: string; contentType: string | null; contentLength: number | null; url: string }) {
  return { success: true, file_type: r.fileType, content_type: r.contentType, content_length: r.contentLength, url: r.url };
}
