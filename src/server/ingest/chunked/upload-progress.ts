import { getProgress, startProgress, type ProgressHandle } from '../../progress/progress-registry';
import type { UploadSession } from './upload-session';

/**
 * The progress entry of each chunked upload in this process, and the abort switch of a running
 * `complete` (cancel pulls it). In memory only: after a restart the session row in DuckDB is the
 * truth, and a new entry starts from the bytes it records. On globalThis: Next.js loads modules twice.
 */
interface Live {
  progress: ProgressHandle;
  completing: AbortController | null;
}

const live: Map<string, Live> = ((globalThis as { __duckqueryChunkedUploads?: Map<string, Live> }).__duckqueryChunkedUploads ??= new Map());

export function uploadProgress(session: UploadSession): ProgressHandle {
  const existing = live.get(session.uploadId);
  if (existing && getProgress(existing.progress.id)?.state === 'running') return existing.progress;
  const progress = startProgress({ kind: 'chunked_upload', label: session.fileName, actor: session.actor, phase: 'receiving', bytesTotal: session.fileSize });
  progress.update({ bytesDone: session.uploadedBytes });
  live.set(session.uploadId, { progress, completing: null });
  return progress;
}

/** Marks `complete` as running for a session; the returned signal fires when the upload is cancelled. */
export function startCompleting(uploadId: string): AbortSignal {
  const controller = new AbortController();
  const entry = live.get(uploadId);
  if (entry) entry.completing = controller;
  return controller.signal;
}

/** Stops a running `complete` of this session, if any; ends its progress as cancelled. */
export function abortUpload(uploadId: string): void {
  const entry = live.get(uploadId);
  entry?.completing?.abort(new Error('The upload was cancelled'));
  entry?.progress.cancel();
  live.delete(uploadId);
}

export function forgetUpload(uploadId: string): void {
  live.delete(uploadId);
}
