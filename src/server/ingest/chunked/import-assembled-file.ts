import type { AppContext } from '../../app-context';
import type { ProgressHandle } from '../../progress/progress-registry';
import { importReceivedFile, type ReceivedImport } from '../import-received-file';
import type { IfExists } from '../ingest-stored-file';
import type { UploadSession } from './upload-session';

/** What an assembled upload became: a table with its first rows, or (a workbook) sheets waiting for the user's choice. */
export type AssembledImport = ReceivedImport;

/**
 * Hands the assembled file to the ingestion engine, exactly as a whole-file upload is (the same
 * type checks, readers, table naming and Excel flow). On failure the engine deletes the file.
 */
export function importAssembledFile(
  app: AppContext,
  input: { session: UploadSession; storedPath: string; actor: string; ifExists: IfExists; progress: ProgressHandle; signal: AbortSignal },
): Promise<AssembledImport> {
  const { session } = input;
  return importReceivedFile(app, {
    storedPath: input.storedPath,
    originalFilename: session.fileName,
    fileSize: session.fileSize,
    tableAlias: session.tableAlias,
    ifExists: input.ifExists,
    actor: input.actor,
    progress: input.progress,
    signal: input.signal,
    extra: { upload_id: session.uploadId, upload_method: 'chunked' },
  });
}

/** The table an import made, if it made one (a workbook waits for its sheets first). */
export function landedSourceId(result: AssembledImport): string | null {
  return result.kind === 'table' ? result.source.source_id : null;
}
