import type { AppContext } from '../../app-context';
import { DomainError } from '../../errors';
import type { ProgressHandle } from '../../progress/progress-registry';
import type { UploadSession } from './upload-session';

/** What an assembled upload became: a table, or (a workbook) sheets waiting for the user's choice. */
export type AssembledImport =
  | { kind: 'table'; sourceId: string; fileName: string; fileSize: number; rowCount: number; columnCount: number; columns: string[]; previewData: Record<string, unknown>[] }
  | { kind: 'pending_excel'; sourceId: null; pendingExcel: Record<string, unknown> };

/** Hands the assembled file to the ingestion engine (src/server/ingest). */
export async function importAssembledFile(
  _app: AppContext,
  _input: { session: UploadSession; storedPath: string; actor: string; progress: ProgressHandle; signal: AbortSignal },
): Promise<AssembledImport> {
  throw new DomainError('UNAVAILABLE', 'Ingestion is not available yet: the file was received and checked, but cannot be imported');
}
