import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TRPCError } from '@trpc/server';
import busboy from 'busboy';
import { badInput } from '../errors';
import type { ProgressHandle } from '../progress/progress-registry';
import { clientFilename } from './client-filename';
import { extensionOf, SUPPORTED_EXTENSIONS } from './file-types';

export interface ReceivedUpload {
  /** Server-named file in the uploads folder. */
  storedPath: string;
  /** The client's name (metadata only). */
  filename: string;
  size: number;
  /** The form's other fields (table_alias, if_exists…). */
  fields: Record<string, string>;
}

interface Received {
  storedPath: string;
  filename: string;
  written: Promise<number>;
  stream: NodeJS.ReadableStream & { destroy(error?: Error): void };
}

/** Multipart bodies carry some bytes of boundaries and headers besides the file. */
const MULTIPART_OVERHEAD = 1024 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;
/** Bytes the file writer may hold while a write is in flight; what arrives meanwhile goes out in one writev. */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
/** The progress is told every this many bytes, not on every network chunk (~64 KiB). */
const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024;

export const tooLarge = (maxBytes: number) =>
  new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `The file is larger than the largest allowed, ${maxBytes} bytes (DUCKQUERY_MAX_FILE_SIZE)` });

/**
 * Streams the multipart part `file` to a server-named file in `dir` while it arrives (never held in
 * memory), counting bytes for the progress and stopping at `maxBytes` (413, partial file removed).
 * Any failure — a malformed body, a dropped connection, a bad name — removes the file.
 *
 * The Web body is read with its own reader and written straight into the parser (no Web → Node
 * stream adapter in between), waiting for the parser when it is full, so memory stays bounded.
 */
export async function receiveUpload(req: Request, options: { dir: string; maxBytes: number; progress?: ProgressHandle }): Promise<ReceivedUpload> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > options.maxBytes + MULTIPART_OVERHEAD) throw tooLarge(options.maxBytes);
  if (!req.body) throw badInput('Field required: file (a multipart/form-data file part)');
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': req.headers.get('content-type') ?? '' },
      limits: { files: 1, fileSize: options.maxBytes, fields: 20, fieldSize: MAX_FIELD_BYTES },
      defParamCharset: 'utf8',
    });
  } catch {
    throw badInput('Expected a multipart/form-data body with a file part named "file"');
  }
  await fs.promises.mkdir(options.dir, { recursive: true });
  const fields: Record<string, string> = {};
  let received: Received | null = null;
  let refusal: Error | null = null;
  const reader = req.body.getReader();

  parser.on('error', () => undefined); // errors are read by `feed`; none may go unhandled once it is done
  parser.on('field', (name, value) => (fields[name] = value));
  parser.on('file', (name, stream, info) => {
    if (name !== 'file' || received || refusal) return void stream.resume();
    let filename: string;
    try {
      filename = clientFilename(info.filename);
    } catch (error) {
      refusal = error as Error;
      return void stream.resume();
    }
    const ext = extensionOf(filename);
    const storedPath = path.join(options.dir, `${randomUUID()}${SUPPORTED_EXTENSIONS.includes(ext) ? `.${ext}` : ''}`);
    let bytes = 0;
    let reported = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes - reported >= PROGRESS_EVERY_BYTES) {
        reported = bytes;
        options.progress?.update({ bytesDone: bytes });
      }
    });
    stream.on('limit', () => {
      refusal = tooLarge(options.maxBytes);
      stream.destroy(refusal);
    });
    const out = fs.createWriteStream(storedPath, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_BUFFER_BYTES });
    const written = pipeline(stream, out).then(() => {
      options.progress?.update({ bytesDone: bytes });
      return bytes;
    });
    written.catch(() => undefined);
    received = { storedPath, filename, written, stream };
  });

  try {
    try {
      await feed(reader, parser, () => refusal !== null);
    } catch (error) {
      if (refusal) throw refusal;
      throw badInput('The upload was interrupted or the multipart body is malformed', { cause: String((error as Error)?.message ?? error).slice(0, 200) });
    }
    if (refusal) throw refusal;
    const file = received as Received | null;
    if (!file) throw badInput('Field required: file (a multipart/form-data file part)');
    const size = await file.written;
    if (refusal) throw refusal;
    return { storedPath: file.storedPath, filename: file.filename, size, fields };
  } catch (error) {
    reader.cancel().catch(() => undefined); // nothing more of this body is wanted
    parser.destroy();
    const file = received as Received | null;
    if (file) {
      file.stream.destroy(); // a broken body may never end the part: end it, so the write settles
      await file.written.catch(() => undefined);
      await fs.promises.rm(file.storedPath, { force: true });
    }
    throw error;
  }
}

/**
 * Writes the body into the parser chunk by chunk until it ends and the parser has finished, waiting
 * whenever the parser is full; stops early when `stop()` says so (a refusal). Rejects on a body
 * that fails (a dropped connection) or a malformed one.
 */
async function feed(reader: ReadableStreamDefaultReader<Uint8Array>, parser: busboy.Busboy, stop: () => boolean): Promise<void> {
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const onError = (error: Error) => {
    failure = error;
    wake?.();
  };
  const onReady = () => wake?.();
  const closed = new Promise<void>((resolve) => parser.once('close', resolve));
  parser.on('error', onError);
  parser.on('drain', onReady);
  parser.on('close', onReady);
  try {
    for (;;) {
      if (failure) throw failure;
      if (stop()) return;
      const { value, done } = await reader.read();
      if (failure) throw failure;
      if (stop()) return;
      if (done) break;
      if (!parser.write(value) && !failure && !parser.destroyed && !stop()) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    }
    parser.end();
    await Promise.race([closed, new Promise<void>((resolve) => (wake = resolve))]);
    if (failure) throw failure;
  } finally {
    parser.off('error', onError);
    parser.off('drain', onReady);
    parser.off('close', onReady);
  }
}
