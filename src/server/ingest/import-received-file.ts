import fs from 'node:fs/promises';
import type { AppContext } from '../app-context';
import { badInput } from '../errors';
import { registerPendingExcel, type PendingExcel } from '../excel/pending-excel';
import type { FileSource } from '../file-sources/file-source';
import { extensionOf, fileTypeFromName, resolveFileType, SUPPORTED_EXTENSIONS } from './file-types';
import { ingestStoredFile, previewRows, type IfExists, type IngestStoredFileInput } from './ingest-stored-file';

export type ReceivedImport =
  | { kind: 'table'; source: FileSource; preview: Record<string, unknown>[] }
  | { kind: 'pending_excel'; pendingExcel: PendingExcel };

/** A received file (a direct upload, an assembled chunked upload, a download), owned from here on: deleted on failure. */
export interface ImportReceivedFileInput extends Omit<IngestStoredFileInput, 'fileType' | 'recordedFileType'> {
  fileSize: number;
  /** Legacy routes: 'rename' (a taken name gets `_YYYYMMDDHHMM`). */
  ifExists: IfExists;
}

/**
 * What happens to a file once it is received: a table (CSV, TSV, Parquet, JSON, NDJSON) with its
 * first rows, or — a workbook — a pending Excel file waiting for the user's sheet choice. On any
 * failure the received file is deleted: bad input leaves no stray file.
 */
export async function importReceivedFile(app: AppContext, input: ImportReceivedFileInput): Promise<ReceivedImport> {
  try {
    const ext = extensionOf(input.originalFilename);
    if (ext && !SUPPORTED_EXTENSIONS.includes(ext)) {
      throw badInput(`Unsupported file type '.${ext.slice(0, 20)}': use one of ${SUPPORTED_EXTENSIONS.filter((e) => e !== 'xls').map((e) => `.${e}`).join(', ')}`);
    }
    const fileType = await resolveFileType(input.storedPath, input.originalFilename, fileTypeFromName(input.originalFilename));
    if (fileType === 'xlsx') {
      const pendingExcel = await registerPendingExcel(app.config, input);
      return { kind: 'pending_excel', pendingExcel };
    }
    const source = await ingestStoredFile(app, { ...input, fileType });
    return { kind: 'table', source, preview: await previewRows(app, source.source_id, 10) };
  } catch (error) {
    await fs.rm(input.storedPath, { force: true });
    throw error;
  }
}
