import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../app-context';
import { errorMessage } from '../../db/errors';
import { queryOne } from '../../db/rows';
import { log } from '../../log';
import { assembledPath, chunksRoot, removeSessionDir, spoolDir } from './chunk-files';
import { abortUpload } from './upload-progress';
import * as store from './upload-sessions-store';

/**
 * Removes chunked uploads idle longer than DUCKQUERY_UPLOAD_SESSION_TTL_HOURS, with their files,
 * and chunk folders that belong to no session. Returns the ids removed.
 */
export async function cleanUpStaleSessions(app: AppContext, now = new Date()): Promise<string[]> {
  const cutoff = new Date(now.getTime() - app.config.uploadSessionTtlMs);
  const stale = await app.database.read((c) => store.staleSessionIds(c, cutoff));
  for (const uploadId of stale) {
    void abortUpload(uploadId); // a complete idle this long is stuck: not waited for
    await app.database.write((c) => store.deleteSession(c, uploadId));
    await removeSessionDir(app.config.uploadsDir, uploadId);
  }
  await removeOrphanChunkDirs(app);
  await removeOldSpoolFiles(app, cutoff);
  if (stale.length > 0) log.info(`removed ${stale.length} stale chunked upload(s)`);
  return stale;
}

/** Chunk folders still in use: an upload taking chunks, or a complete assembling them right now. */
const USES_CHUNKS: ReadonlySet<string> = new Set(['uploading', 'assembling']);

async function removeOrphanChunkDirs(app: AppContext): Promise<void> {
  const names = await fs.promises.readdir(chunksRoot(app.config.uploadsDir)).catch(() => [] as string[]);
  for (const name of names) {
    const known = await app.database.read((c) => store.findSession(c, name));
    if (!known || !USES_CHUNKS.has(known.status)) await removeSessionDir(app.config.uploadsDir, name);
  }
}

/** Chunk parts spooled by a request that never finished (the process died mid-request). */
async function removeOldSpoolFiles(app: AppContext, cutoff: Date): Promise<void> {
  const dir = spoolDir(app.config.uploadsDir);
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat && stat.mtime < cutoff) await fs.promises.rm(file, { force: true });
  }
}

const lastRun: Map<string, number> = ((globalThis as { __duckqueryUploadCleanup?: Map<string, number> }).__duckqueryUploadCleanup ??= new Map());
const EVERY_MS = 10 * 60_000;

/** The periodic clean-up, without a timer: a new upload runs it when the last run is ten minutes old. */
export async function cleanUpStaleSessionsNowAndThen(app: AppContext): Promise<void> {
  const key = app.config.dbPath;
  if (Date.now() - (lastRun.get(key) ?? 0) < EVERY_MS) return;
  lastRun.set(key, Date.now());
  await cleanUpStaleSessions(app).catch((error) => log.warn(`stale upload clean-up failed: ${errorMessage(error)}`));
}

/**
 * At start-up: a `complete` the last process did not finish. Assembling → uploading again (the
 * chunks are still there: the client can call complete again). Importing → completed if its table
 * landed (its file-source row names the assembled file), else failed and the file removed.
 */
export async function recoverInterruptedUploads(app: AppContext): Promise<void> {
  const interrupted = await app.database.read(async (c) =>
    (await c.runAndReadAll(`SELECT upload_id FROM system_upload_sessions WHERE status IN ('assembling', 'importing')`)).getRowsJS().map((r) => String(r[0])),
  );
  for (const uploadId of interrupted) {
    const session = await app.database.read((c) => store.findSession(c, uploadId));
    if (!session) continue;
    const stored = assembledPath(app.config.uploadsDir, session);
    if (session.status === 'assembling') {
      await fs.promises.rm(stored, { force: true });
      await app.database.write((c) => store.moveStatus(c, uploadId, ['assembling'], 'uploading'));
      continue;
    }
    const landed = await app.database.read((c) => queryOne<{ source_id: string }>(c, `SELECT source_id FROM system_file_sources WHERE file_path = $1 LIMIT 1`, [stored]));
    if (landed) {
      await app.database.write((c) => store.moveStatus(c, uploadId, ['importing'], 'completed', { sourceId: landed.source_id }));
    } else {
      await fs.promises.rm(stored, { force: true });
      await app.database.write((c) => store.moveStatus(c, uploadId, ['importing'], 'failed', { errorMessage: 'The server stopped while importing the file; upload it again' }));
    }
  }
}

/** Start-up: finish what a crash interrupted, then remove stale sessions. Never stops start-up. */
export async function cleanUpUploadsAtStartup(app: AppContext): Promise<void> {
  try {
    await recoverInterruptedUploads(app);
    await cleanUpStaleSessions(app);
    lastRun.set(app.config.dbPath, Date.now());
  } catch (error) {
    log.warn(`chunked upload clean-up at start-up failed: ${errorMessage(error)}`);
  }
}
