import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
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
  stream: Readable;
}

/** Multipart bodies carry some bytes of boundaries and headers besides the file. */
const MULTIPART_OVERHEAD = 1024 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;

export const tooLarge = (maxBytes: number) =>
  new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `The file is larger than the largest allowed, ${maxBytes} bytes (DUCKQUERY_MAX_FILE_SIZE)` });

/**
 * Streams the multipart part `file` to a server-named file in `dir` while it arrives (never held in
 * memory), counting bytes for the progress and stopping at `maxBytes` (413, partial file removed).
 * Any failure — a malformed body, a dropped connection, a bad name — removes the file.
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
  const body = Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>);

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
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        options.progress?.update({ bytesDone: bytes });
        done(null, chunk);
      },
    });
    stream.on('limit', () => {
      refusal = tooLarge(options.maxBytes);
      stream.destroy(refusal);
      body.destroy(refusal); // stop reading: nothing more of this body is wanted
    });
    const written = pipeline(stream, counter, fs.createWriteStream(storedPath, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 })).then(() => bytes);
    written.catch(() => undefined);
    received = { storedPath, filename, written, stream };
  });

  try {
    try {
      await pipeline(body, parser);
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
    const file = received as Received | null;
    if (file) {
      file.stream.destroy(); // a broken body may never end the part: end it, so the write settles
      await file.written.catch(() => undefined);
      await fs.promises.rm(file.storedPath, { force: true });
    }
    throw error;
  }
}
