import { getProgress, startProgress, type ProgressHandle } from '../../progress/progress-registry';
import type { UploadSession } from './upload-session';

/**
 * The progress entry of each chunked upload in this process, and the abort switch of a running
 * `complete` (cancel pulls it). In memory only: after a restart the session row in DuckDB is the
 * truth, and a new entry starts from the bytes it records. On globalThis: Next.js loads modules twice.
 */
interface Live {
  progress: ProgressHandle;
  completing: { controller: AbortController; settled: Promise<void> } | null;
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

/**
 * Marks `complete` as running for a session: `signal` fires when the upload is cancelled; call
 * `settled` once the complete has cleaned up after itself (a cancel waits for that).
 */
export function startCompleting(uploadId: string): { signal: AbortSignal; settled: () => void } {
  const controller = new AbortController();
  let settled!: () => void;
  const done = new Promise<void>((resolve) => (settled = resolve));
  const entry = live.get(uploadId);
  if (entry) entry.completing = { controller, settled: done };
  return { signal: controller.signal, settled };
}

/** Stops a running `complete` of this session, if any, and ends its progress as cancelled; resolves once that complete has settled. */
export function abortUpload(uploadId: string): Promise<void> {
  const entry = live.get(uploadId);
  entry?.completing?.controller.abort(new Error('The upload was cancelled'));
  entry?.progress.cancel();
  live.delete(uploadId);
  return entry?.completing?.settled ?? Promise.resolve();
}

export function forgetUpload(uploadId: string): void {
  live.delete(uploadId);
}
