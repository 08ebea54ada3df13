import fs from 'node:fs/promises';
import type { AppContext } from '../app-context';
import { errorMessage } from '../db/errors';
import { badInput } from '../errors';
import { startProgress } from '../progress/progress-registry';
import { normalizeEncoding, type CsvOptions } from './duckdb-readers';
import { importReceivedFile, type ReceivedImport } from './import-received-file';
import type { IfExists } from './ingest-stored-file';
import { receiveUpload } from './receive-upload';

const IF_EXISTS: IfExists[] = ['rename', 'replace', 'fail', 'append'];

export type DirectUploadResult = ReceivedImport & { filename: string; fileSize: number; progressId: string };

/**
 * POST /api/upload: the file streams to a server-named file in the uploads folder while it arrives
 * (size limit enforced while streaming), then becomes a table — or a pending workbook. Form fields:
 * `file`, optional `table_alias`, and for the new UI `if_exists` (rename | replace | fail | append;
 * the legacy default is rename: a taken name gets `_YYYYMMDDHHMM`) and CSV `encoding`, `delimiter`, `header`.
 */
export async function directUpload(app: AppContext, req: Request, actor: string): Promise<DirectUploadResult> {
  const declared = Number(req.headers.get('content-length'));
  const progress = startProgress({ kind: 'upload', label: 'upload', actor, phase: 'receiving', bytesTotal: Number.isFinite(declared) && declared > 0 ? declared : null });
  try {
    const received = await receiveUpload(req, { dir: app.config.uploadsDir, maxBytes: app.config.maxFileSizeBytes, progress });
    const ifExists = (received.fields.if_exists?.trim() || 'rename') as IfExists;
    if (!IF_EXISTS.includes(ifExists)) {
      await fs.rm(received.storedPath, { force: true });
      throw badInput(`if_exists must be one of ${IF_EXISTS.join(', ')}`);
    }
    let csv: CsvOptions;
    try {
      csv = csvOptionsFromForm(received.fields);
    } catch (error) {
      await fs.rm(received.storedPath, { force: true });
      throw error;
    }
    progress.update({ phase: 'reading', bytesTotal: received.size, bytesDone: 0 });
    const result = await importReceivedFile(app, {
      storedPath: received.storedPath,
      originalFilename: received.filename,
      fileSize: received.size,
      tableAlias: received.fields.table_alias,
      ifExists,
      actor,
      progress,
      signal: req.signal,
      csv,
    });
    progress.finish(result.kind === 'table' ? { sourceId: result.source.source_id } : { pendingExcel: result.pendingExcel.file_id });
    return { ...result, filename: received.filename, fileSize: received.size, progressId: progress.id };
  } catch (error) {
    progress.fail(errorMessage(error));
    throw error;
  }
}

/** Optional form fields of the new UI: `encoding` (utf-8, utf-16, latin-1), `delimiter`, `header` (true/false). */
function csvOptionsFromForm(fields: Record<string, string>): CsvOptions {
  const csv: CsvOptions = {};
  if (fields.encoding?.trim()) csv.encoding = normalizeEncoding(fields.encoding);
  if (fields.delimiter) {
    if (fields.delimiter.length > 2) throw badInput('delimiter must be one character (or \\t)');
    csv.delimiter = fields.delimiter;
  }
  if (fields.header?.trim()) {
    const header = fields.header.trim().toLowerCase();
    if (!['true', 'false'].includes(header)) throw badInput('header must be true or false');
    csv.header = header === 'true';
  }
  return csv;
}

/** The legacy answers (REST.md "File ingestion", POST /api/upload), plus `source`/`progress_id` for the new UI. */
export function legacyUploadAnswer(r: DirectUploadResult) {
  if (r.kind === 'pending_excel') {
    return {
      success: true,
      file_type: 'excel',
      requires_sheet_selection: true,
      message: `Workbook '${r.filename}' received: choose the sheets to import`,
      pending_excel: r.pendingExcel,
      progress_id: r.progressId,
    };
  }
  return {
    success: true,
    file_id: r.source.source_id,
    filename: r.filename,
    file_size: r.fileSize,
    file_type: r.source.file_type,
    columns: r.source.columns,
    column_count: r.source.column_count,
    row_count: r.source.row_count,
    preview_data: r.preview,
    message: `Imported ${r.source.row_count} rows into table '${r.source.source_id}'`,
    source: r.source,
    progress_id: r.progressId,
  };
}
