import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { z } from 'zod';
import { readJsonBody } from '../../rest/read-json-body';
import { legacyError, RestResponseError, validationError } from '../../rest/responses';

/** Form fields are short (ids, numbers, a file name); 64 KiB holds any real one. */
const MAX_FIELD_BYTES = 64 * 1024;

const formProblem = (msg: string) => new RestResponseError(validationError([{ loc: ['body'], msg, type: 'value_error' }]));

function multipartParser(req: Request, limits: busboy.Limits) {
  const contentType = req.headers.get('content-type') ?? '';
  try {
    return busboy({ headers: { 'content-type': contentType }, limits: { fieldSize: MAX_FIELD_BYTES, fields: 20, ...limits } });
  } catch {
    throw formProblem('Expected a multipart/form-data body');
  }
}

const bodyStream = (req: Request) => Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>);

/**
 * The fields of a small form: multipart/form-data (what the legacy frontend sends) or a JSON
 * object. File parts are not expected here and are skipped unread.
 */
export async function readFormFields(req: Request): Promise<Record<string, string>> {
  const contentType = (req.headers.get('content-type') ?? '').toLowerCase();
  if (contentType.includes('application/json')) {
    const body = await readJsonBody(req, z.record(z.string(), z.unknown()), MAX_FIELD_BYTES);
    return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
  }
  if (!req.body) return {};
  const parser = multipartParser(req, { files: 0 });
  const fields: Record<string, string> = {};
  parser.on('field', (name, value) => (fields[name] = value));
  parser.on('file', (_name, stream) => stream.resume());
  await pipeline(bodyStream(req), parser).catch(() => {
    throw formProblem('The form could not be read (malformed multipart body)');
  });
  return fields;
}

/**
 * A multipart request with one file part (`fileField`) and the fields `needs` names. The file
 * part is handed to `onFile` as a stream while it arrives, when the fields came first (as browsers
 * send them when appended first); otherwise it is spooled to a server-named file in `spoolDir`
 * (at most `maxFileBytes`), handed over once the fields are known, and removed.
 */
export async function readMultipartFile<T>(
  req: Request,
  options: { fileField: string; needs: string[]; maxFileBytes: number; spoolDir: string },
  onFile: (fields: Record<string, string>, data: AsyncIterable<Uint8Array>) => Promise<T>,
): Promise<T> {
  if (!req.body) throw formProblem(`Field required: ${options.fileField}`);
  const parser = multipartParser(req, { files: 1, fileSize: options.maxFileBytes + 1 });
  const fields: Record<string, string> = {};
  let handled: Promise<T> | null = null;
  let spool: { path: string; done: Promise<void> } | null = null;
  parser.on('field', (name, value) => (fields[name] = value));
  parser.on('file', (name, stream) => {
    // A client that drops the connection mid-part errors this stream, perhaps before the consumer
    // iterates it (it may still be looking up the session): unheard, that error would crash the
    // process. The consumer and the pipeline below still see it.
    stream.on('error', () => undefined);
    if (name !== options.fileField || handled || spool) return void stream.resume();
    if (options.needs.every((f) => f in fields)) {
      // Not destroyed when the consumer stops early (a refusal mid-chunk): the rest is drained below, so the request ends.
      handled = Promise.resolve().then(() => onFile({ ...fields }, stream.iterator({ destroyOnReturn: false })));
      handled.catch(() => stream.resume()); // an early refusal: still read the rest, so the request ends
    } else {
      const target = path.join(options.spoolDir, `${randomUUID()}.spool`);
      spool = { path: target, done: spoolTo(stream, target, options.maxFileBytes) };
    }
  });
  let parsed: Promise<void> = pipeline(bodyStream(req), parser);
  parsed = parsed.catch(() => {
    throw formProblem('The upload was interrupted or the multipart body is malformed');
  });
  try {
    try {
      await parsed;
    } catch (error) {
      if (handled) await handled; // its own error says more than "interrupted"
      throw error;
    }
    if (handled) return await handled;
    if (!spool) throw formProblem(`Field required: ${options.fileField} (a file part)`);
    const { path: spooled, done } = spool as { path: string; done: Promise<void> };
    await done;
    return await onFile({ ...fields }, fs.createReadStream(spooled, { highWaterMark: 1024 * 1024 }));
  } finally {
    (handled as Promise<T> | null)?.catch(() => undefined);
    const spooled = (spool as { path: string; done: Promise<void> } | null);
    if (spooled) {
      await spooled.done.catch(() => undefined);
      await fs.promises.rm(spooled.path, { force: true });
    }
  }
}

async function spoolTo(stream: NodeJS.ReadableStream & { truncated?: boolean }, target: string, maxBytes: number): Promise<void> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  await pipeline(stream, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
  if (stream.truncated) throw new RestResponseError(legacyError(413, 'PAYLOAD_TOO_LARGE', `The file part is larger than ${maxBytes} bytes`, { max_bytes: maxBytes }));
}
