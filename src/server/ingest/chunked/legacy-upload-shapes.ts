import { z } from 'zod';
import { RestResponseError, validationError } from '../../rest/responses';
import { zodIssuesToItems } from '../../rest/zod-to-422';
import type { AssembledImport } from './import-assembled-file';
import type { InitUploadInput } from './upload-inputs';
import type { UploadSession } from './upload-session';

/** The legacy form fields of the chunked-upload routes (REST.md "File ingestion"), and their answers. */

const wholeNumber = (field: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${field} must be a whole number`)
    .transform((v) => Number(v));

const legacyInitForm = z.object({
  file_name: z.string(),
  file_size: wholeNumber('file_size'),
  chunk_size: wholeNumber('chunk_size').optional(),
  file_hash: z.string().optional(),
  table_alias: z.string().optional(),
});

function parseForm<S extends z.ZodType>(schema: S, fields: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) throw new RestResponseError(validationError(zodIssuesToItems(parsed.error, fields)));
  return parsed.data;
}

export function initInputFromForm(fields: Record<string, string>): InitUploadInput {
  const form = parseForm(legacyInitForm, fields);
  return { fileName: form.file_name, fileSize: form.file_size, chunkSize: form.chunk_size, fileHash: form.file_hash, tableAlias: form.table_alias };
}

export function uploadIdFromForm(fields: Record<string, string>): string {
  return parseForm(z.object({ upload_id: z.string() }), fields).upload_id;
}

export function initAnswer(r: { uploadId: string; totalChunks: number; chunkSize: number; progressId: string }) {
  return { success: true, upload_id: r.uploadId, total_chunks: r.totalChunks, chunk_size: r.chunkSize, progress_id: r.progressId, message: `Upload started: send ${r.totalChunks} chunk(s)` };
}

export function chunkAnswer(r: { duplicate: boolean; chunkNumber: number; uploadedChunks: number; totalChunks: number; progress: number }) {
  if (r.duplicate) return { success: true, message: `Chunk ${r.chunkNumber} was already received`, progress: r.progress };
  return {
    success: true,
    chunk_number: r.chunkNumber,
    uploaded_chunks: r.uploadedChunks,
    total_chunks: r.totalChunks,
    progress: r.progress,
    message: `Chunk ${r.chunkNumber} received (${r.uploadedChunks}/${r.totalChunks})`,
  };
}

export function completeAnswer(r: AssembledImport & { uploadId: string; progressId: string; fileSize: number }) {
  if (r.kind === 'pending_excel') {
    return { success: true, upload_id: r.uploadId, file_type: 'excel', requires_sheet_selection: true, pending_excel: r.pendingExcel, message: 'Workbook received: choose the sheets to import' };
  }
  const { source } = r;
  return {
    success: true,
    upload_id: r.uploadId,
    file_info: {
      source_id: source.source_id,
      filename: source.filename,
      file_size: r.fileSize,
      row_count: source.row_count,
      column_count: source.column_count,
      columns: source.columns,
      preview_data: r.preview,
    },
    message: `Imported ${source.row_count} rows into table '${source.source_id}'`,
  };
}

export function statusAnswer(s: UploadSession & { progress: number; missingChunks: number[]; missingCount: number }) {
  return {
    upload_id: s.uploadId,
    file_name: s.fileName,
    total_chunks: s.totalChunks,
    uploaded_chunks: s.uploadedChunks,
    progress: s.progress,
    status: s.status,
    file_size: s.fileSize,
    created_at: s.createdAt,
    error_message: s.errorMessage,
    source_id: s.sourceId,
    missing_chunks: s.missingChunks,
    missing_count: s.missingCount,
  };
}
