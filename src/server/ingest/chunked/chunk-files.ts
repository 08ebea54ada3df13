import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { badInput, DomainError } from '../../errors';
import { extensionOf } from '../file-types';

/**
 * Where a chunked upload's pieces live on disk: `<uploads>/.chunks/<upload_id>/<n>.part`, every
 * name made by the server (the upload id is a UUID it generated; `n` a checked integer).
 */
export function chunksRoot(uploadsDir: string): string {
  return path.join(uploadsDir, '.chunks');
}

/** Chunk parts that arrived before their form fields wait here (see multipart-form.ts). */
export function spoolDir(uploadsDir: string): string {
  return path.join(uploadsDir, '.chunks-incoming');
}

export function sessionDir(uploadsDir: string, uploadId: string): string {
  return path.join(chunksRoot(uploadsDir), uploadId);
}

export function chunkPath(uploadsDir: string, uploadId: string, chunkNumber: number): string {
  return path.join(sessionDir(uploadsDir, uploadId), `${chunkNumber}.part`);
}

/** The whole file, once assembled: in the uploads folder (DuckDB reads it there), named by the server. */
export function assembledPath(uploadsDir: string, session: { uploadId: string; fileName: string }): string {
  return path.join(uploadsDir, `${session.uploadId}.${extensionOf(session.fileName)}`);
}

export async function createSessionDir(uploadsDir: string, uploadId: string): Promise<void> {
  await fs.promises.mkdir(sessionDir(uploadsDir, uploadId), { recursive: true, mode: 0o700 });
}

export async function removeSessionDir(uploadsDir: string, uploadId: string): Promise<void> {
  await fs.promises.rm(sessionDir(uploadsDir, uploadId), { recursive: true, force: true });
}

const sessionGone = () => new DomainError('NOT_FOUND', 'The upload was cancelled or has expired');

/**
 * Streams one chunk to `target` through a temporary file, renamed into place only when exactly
 * `expectedBytes` arrived: a chunk file on disk is always whole. Stops reading as soon as the
 * chunk is too long (400). Never holds more than one piece of the body in memory.
 */
export async function writeChunkFile(target: string, data: AsyncIterable<Uint8Array>, expectedBytes: number): Promise<void> {
  const temporary = `${target}.${randomUUID()}.tmp`;
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(temporary, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw sessionGone(); // cancel removed the folder
    throw error;
  }
  let received = 0;
  try {
    for await (const piece of data) {
      received += piece.byteLength;
      if (received > expectedBytes) throw badInput(`Chunk is larger than expected: this chunk must be ${expectedBytes} bytes`, { expected_bytes: expectedBytes });
      await handle.write(piece);
    }
    if (received !== expectedBytes) {
      throw badInput(`Chunk is ${received} bytes; this chunk must be ${expectedBytes} bytes`, { expected_bytes: expectedBytes, received_bytes: received });
    }
    await handle.close();
    await fs.promises.rename(temporary, target).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? sessionGone() : error;
    });
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Streams the chunk files, in order, into one new file at `target`, hashing (MD5) as it goes.
 * Reports bytes written; stops on `signal` (a cancel). On any failure `target` is removed.
 */
export async function assembleChunks(
  chunkFiles: string[],
  target: string,
  options: { signal?: AbortSignal; onBytes?: (written: number) => void } = {},
): Promise<{ md5: string; bytes: number }> {
  const md5 = createHash('md5');
  const handle = await fs.promises.open(target, 'wx', 0o600);
  let bytes = 0;
  try {
    for (const file of chunkFiles) {
      for await (const piece of fs.createReadStream(file, { highWaterMark: 1024 * 1024, signal: options.signal })) {
        md5.update(piece as Buffer);
        await handle.write(piece as Buffer);
        bytes += (piece as Buffer).byteLength;
      }
      options.onBytes?.(bytes);
    }
    await handle.close();
    return { md5: md5.digest('hex'), bytes };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(target, { force: true });
    throw error;
  }
}
