import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { TRPCError } from '@trpc/server';
import fs from 'node:fs';
import type { AppContext } from '../../app-context';
import { audited } from '../../audit/audit-log';
import { errorMessage } from '../../db/errors';
import { log } from '../../log';
import { badInput, conflict, DomainError, isDomainError, notFound } from '../../errors';
import { assembledPath, assembleChunks, chunkPath, createSessionDir, removeSessionDir, writeChunkFile } from './chunk-files';
import type { IfExists } from '../ingest-stored-file';
import { importAssembledFile, landedSourceId, type AssembledImport } from './import-assembled-file';
import { cleanUpStaleSessionsNowAndThen } from './stale-upload-sessions';
import { clientFilename } from '../client-filename';
import { DEFAULT_CHUNK_SIZE, expectedChunkBytes, fileTooLarge, fileTypeOf, MAX_CHUNK_SIZE, MAX_CHUNKS } from './upload-limits';
import type { ChunkInput, InitUploadInput } from './upload-inputs';
import { abortUpload, forgetUpload, startCompleting, uploadProgress } from './upload-progress';
import { percentReceived, type UploadCaller, type UploadSession } from './upload-session';
import * as store from './upload-sessions-store';

/** The session, if it exists and the caller may see it (others' sessions are "not found"). */
async function sessionFor(app: AppContext, caller: UploadCaller, uploadId: string): Promise<UploadSession> {
  const session = await app.database.read((c) => store.findSession(c, uploadId));
  if (!session || (session.actor !== caller.actor && !caller.isAdmin)) throw notFound('Upload', uploadId);
  return session;
}

export async function initUpload(app: AppContext, caller: UploadCaller, input: InitUploadInput) {
  const fileName = clientFilename(input.fileName); // metadata only: its last path segment
  const fileType = fileTypeOf(fileName);
  const max = app.config.maxFileSizeBytes;
  if (input.fileSize > max) throw fileTooLarge(input.fileSize, max);
  const chunkSize = input.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (chunkSize > MAX_CHUNK_SIZE) throw badInput(`chunk_size must be at most ${MAX_CHUNK_SIZE} bytes`, { max_chunk_size: MAX_CHUNK_SIZE });
  const totalChunks = Math.ceil(input.fileSize / chunkSize);
  if (totalChunks > MAX_CHUNKS) throw badInput(`chunk_size is too small for this file: at most ${MAX_CHUNKS} chunks (use chunks of ${Math.ceil(input.fileSize / MAX_CHUNKS)} bytes or more)`);
  await cleanUpStaleSessionsNowAndThen(app);

  const uploadId = randomUUID();
  const fileHash = input.fileHash || null;
  const tableAlias = input.tableAlias?.trim() || null;
  await audited(app.database, { actor: caller.actor, action: 'upload.init', target_type: 'upload', target_id: uploadId, details: { file_name: fileName, file_size: input.fileSize, total_chunks: totalChunks } }, () =>
    app.database.write((c) => store.insertSession(c, { uploadId, fileName, fileType, fileSize: input.fileSize, chunkSize, totalChunks, fileHash, tableAlias, actor: caller.actor })),
  );
  // The row first: a clean-up running meanwhile removes chunk folders that belong to no session.
  try {
    await createSessionDir(app.config.uploadsDir, uploadId);
  } catch (error) {
    await app.database.write((c) => store.deleteSession(c, uploadId));
    throw error;
  }
  const session = await sessionFor(app, caller, uploadId);
  return { uploadId, totalChunks, chunkSize, progressId: uploadProgress(session).id };
}

/** Stores one chunk (streamed to its own file); a chunk already received is acknowledged and its bytes dropped. */
export async function receiveChunk(app: AppContext, caller: UploadCaller, input: ChunkInput) {
  const session = await sessionFor(app, caller, input.uploadId);
  if (session.status !== 'uploading') throw conflict(`The upload is ${session.status}: it takes no more chunks`, { status: session.status });
  if (input.chunkNumber >= session.totalChunks) {
    throw badInput(`chunk_number ${input.chunkNumber} is out of range: this upload has chunks 0 to ${session.totalChunks - 1}`, { total_chunks: session.totalChunks });
  }
  const duplicate = await app.database.read((c) => store.hasChunk(c, session.uploadId, input.chunkNumber));
  if (!duplicate) {
    const target = chunkPath(app.config.uploadsDir, session.uploadId, input.chunkNumber);
    const expected = expectedChunkBytes(session, input.chunkNumber);
    await writeChunkFile(target, input.data, expected);
    const outcome = await app.database.write((c) => store.recordChunk(c, session.uploadId, input.chunkNumber, expected));
    if (outcome === 'closed') {
      // Cancelled or completing meanwhile. A copy of this chunk that was recorded (a client's
      // retry racing the first send) owns the file now: a complete may be reading it.
      if (!(await app.database.read((c) => store.hasChunk(c, session.uploadId, input.chunkNumber)))) await fs.promises.rm(target, { force: true });
      throw conflict('The upload was cancelled or completed while this chunk arrived');
    }
  } else {
    for await (const _ of input.data); // drain: the client sent it; the body must be read to answer
  }
  const now = await sessionFor(app, caller, session.uploadId);
  uploadProgress(now).update({ bytesDone: now.uploadedBytes });
  return { duplicate, chunkNumber: input.chunkNumber, uploadedChunks: now.uploadedChunks, totalChunks: now.totalChunks, progress: percentReceived(now) };
}

/**
 * Assembles the chunks in order into one server-named file in the uploads folder (checking the
 * MD5 when one was given), then imports it. Missing chunks: 400, and the session stays open for
 * them. A wrong MD5 or a failed import: the session is marked failed and every file removed.
 */
export async function completeUpload(
  app: AppContext,
  caller: UploadCaller,
  uploadId: string,
  ifExists: IfExists = 'rename',
): Promise<AssembledImport & { uploadId: string; progressId: string; fileSize: number }> {
  const session = await sessionFor(app, caller, uploadId);
  if (session.status === 'completed') throw conflict(`The upload is already complete (table '${session.sourceId}')`, { source_id: session.sourceId });
  const claimed = await app.database.write((c) => store.moveStatus(c, uploadId, ['uploading'], 'assembling'));
  if (!claimed) throw conflict(`The upload is ${session.status}: it cannot be completed now`, { status: session.status });

  const progress = uploadProgress(session);
  const { signal, settled } = startCompleting(uploadId);
  const stored = assembledPath(app.config.uploadsDir, session);
  let reopened = false; // missing chunks: the session stays open for them, nothing is failed
  try {
    const received = await app.database.read((c) => store.receivedChunkNumbers(c, uploadId));
    if (received.length < session.totalChunks) {
      await app.database.write((c) => store.moveStatus(c, uploadId, ['assembling'], 'uploading'));
      reopened = true;
      const missing = missingChunks(received, session.totalChunks);
      throw badInput(`Missing chunks: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ` and ${missing.length - 20} more` : ''}`, { missing_chunks: missing.slice(0, 1000) });
    }
    progress.update({ phase: 'assembling', bytesDone: 0 });
    const files = received.map((n) => chunkPath(app.config.uploadsDir, uploadId, n));
    const assembled = await assembleChunks(files, stored, { signal, onBytes: (bytes) => progress.update({ bytesDone: bytes }) });
    if (session.fileHash && assembled.md5 !== session.fileHash) {
      throw badInput(`MD5 mismatch: the file received has MD5 ${assembled.md5}, not ${session.fileHash}. Upload it again.`, { expected_md5: session.fileHash, received_md5: assembled.md5 });
    }
    // The chunks are in `stored` now. Rows first, then files: a crash in between leaves only an
    // orphan folder, which the clean-up removes.
    await app.database.write(async (c) => {
      await store.deleteChunkRows(c, uploadId);
      await store.moveStatus(c, uploadId, ['assembling'], 'importing');
    });
    await removeSessionDir(app.config.uploadsDir, uploadId);
    const result = await importAssembledFile(app, { session, storedPath: stored, actor: caller.actor, ifExists, progress, signal });
    const sourceId = landedSourceId(result);
    await app.database.write((c) => store.moveStatus(c, uploadId, ['importing'], 'completed', { sourceId }));
    progress.finish(sourceId ? { sourceId } : { pendingExcel: true });
    forgetUpload(uploadId);
    return { ...result, uploadId, progressId: progress.id, fileSize: session.fileSize };
  } catch (error) {
    await fs.promises.rm(stored, { force: true });
    if (!reopened) {
      const message = signal.aborted ? 'The upload was cancelled' : failureMessage(error);
      await removeSessionDir(app.config.uploadsDir, uploadId);
      await app.database.write(async (c) => {
        await store.deleteChunkRows(c, uploadId);
        await store.moveStatus(c, uploadId, ['assembling', 'importing'], 'failed', { errorMessage: message });
      });
      progress.fail(message);
      forgetUpload(uploadId);
      if (signal.aborted) throw new DomainError('CANCELLED', message);
    }
    throw error;
  } finally {
    settled();
  }
}

/** Kept in the session row and shown to the user: domain and HTTP errors are written for people; others may quote internals. */
function failureMessage(error: unknown): string {
  if (isDomainError(error) || error instanceof TRPCError) return error.message;
  log.error(`chunked upload import failed: ${errorMessage(error)}`);
  return 'The import failed (the server log has the details)';
}

/** Status lists at most this many missing chunk numbers (the first ones); `missingCount` says how many in all. */
const MAX_LISTED_MISSING = 10_000;

function missingChunks(received: number[], total: number): number[] {
  const have = new Set(received);
  const missing: number[] = [];
  for (let n = 0; n < total; n++) if (!have.has(n)) missing.push(n);
  return missing;
}

/** Longest a cancel waits for a running `complete` to stop (DuckDB is interrupted, so moments in practice). */
const CANCEL_WAIT_MS = 15_000;

/**
 * Stops the upload wherever it is and removes its session and files. A running `complete` is
 * interrupted and the answer waits until it has stopped; if it landed its table first, that is a
 * conflict naming the table (the cancel came too late), and the session stays.
 */
export async function cancelUpload(app: AppContext, caller: UploadCaller, uploadId: string): Promise<{ status: UploadSession['status'] }> {
  const session = await sessionFor(app, caller, uploadId);
  await Promise.race([abortUpload(uploadId), delay(CANCEL_WAIT_MS, undefined, { ref: false })]);
  if (session.status !== 'completed') {
    const after = await app.database.read((c) => store.findSession(c, uploadId));
    if (after?.status === 'completed') {
      throw conflict(`The upload finished before it could be cancelled${after.sourceId ? `: table '${after.sourceId}' exists` : ''}`, { source_id: after.sourceId });
    }
  }
  await audited(app.database, { actor: caller.actor, action: 'upload.cancel', target_type: 'upload', target_id: uploadId, details: { file_name: session.fileName, status: session.status } }, () =>
    app.database.write((c) => store.deleteSession(c, uploadId)),
  );
  await removeSessionDir(app.config.uploadsDir, uploadId);
  return { status: session.status };
}

export async function uploadStatus(app: AppContext, caller: UploadCaller, uploadId: string) {
  const found = await sessionFor(app, caller, uploadId);
  // Once assembled, the chunk rows are gone: every chunk was received.
  const session = found.status === 'importing' || found.status === 'completed' ? { ...found, uploadedChunks: found.totalChunks, uploadedBytes: found.fileSize } : found;
  // What a client resuming after a dropped connection (or a restart) must still send.
  const missing = session.status === 'uploading' ? missingChunks(await app.database.read((c) => store.receivedChunkNumbers(c, uploadId)), session.totalChunks) : [];
  return { ...session, progress: percentReceived(session), missingChunks: missing.slice(0, MAX_LISTED_MISSING), missingCount: missing.length };
}
