import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { badInput } from '../../errors';
import { readJsonBody } from '../../rest/read-json-body';
import { legacyError, RestResponseError, validationError } from '../../rest/responses';
import { multipartBoundary, multipartParts, type MultipartPart } from '../multipart-parts';
import { writeNewFile } from '../write-new-file';

/** Form fields are short (ids, numbers, a file name); 64 KiB holds any real one. */
const MAX_FIELD_BYTES = 64 * 1024;

const formProblem = (msg: string) => new RestResponseError(validationError([{ loc: ['body'], msg, type: 'value_error' }]));

/** The body's parts (null: no body); a body that is not multipart/form-data is refused as such. */
function formParts(req: Request): { parts: AsyncGenerator<MultipartPart>; reader: ReadableStreamDefaultReader<Uint8Array> } | null {
  if (!req.body) return null;
  const boundary = multipartBoundary(req.headers.get('content-type'));
  if (!boundary) throw formProblem('Expected a multipart/form-data body');
  const reader = req.body.getReader();
  return { parts: multipartParts(reader, boundary), reader };
}

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
  const form = formParts(req);
  const fields: Record<string, string> = {};
  if (!form) return fields;
  try {
    for await (const part of form.parts) {
      if (part.filename !== undefined) continue; // file parts are skipped unread
      fields[part.name] = await part.text(MAX_FIELD_BYTES);
    }
  } catch {
    form.reader.cancel().catch(() => undefined);
    throw formProblem('The form could not be read (malformed multipart body)');
  }
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
  const form = formParts(req);
  if (!form) throw formProblem(`Field required: ${options.fileField}`);
  const fields: Record<string, string> = {};
  let outcome: { value: T } | { error: unknown } | null = null;
  let spooled: string | null = null;
  try {
    try {
      for await (const part of form.parts) {
        if (part.filename === undefined) {
          fields[part.name] = await part.text(MAX_FIELD_BYTES);
          continue;
        }
        if (part.name !== options.fileField || outcome || spooled) continue; // skipped unread
        const data = capped(part.chunks(), options.maxFileBytes + 1);
        if (options.needs.every((f) => f in fields)) {
          // A refusal mid-part is kept while the rest of the body is read, so the request ends.
          outcome = await onFile({ ...fields }, data).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
        } else {
          spooled = path.join(options.spoolDir, `${randomUUID()}.spool`);
          await spoolTo(data, spooled, options.maxFileBytes);
        }
      }
    } catch (error) {
      form.reader.cancel().catch(() => undefined);
      if (outcome && 'error' in outcome) throw outcome.error; // its own error says more than "interrupted"
      if (error instanceof RestResponseError) throw error; // the 413 of a spooled part
      throw formProblem('The upload was interrupted or the multipart body is malformed');
    }
    if (outcome) {
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
    if (!spooled) throw formProblem(`Field required: ${options.fileField} (a file part)`);
    return await onFile({ ...fields }, fs.createReadStream(spooled, { highWaterMark: 1024 * 1024 }));
  } finally {
    if (spooled) await fs.promises.rm(spooled, { force: true });
  }
}

/**
 * The part's content, cut after `limit` bytes (the consumer sees that it was too large). A body that
 * breaks off (a dropped connection, a cut-short part) is a clear 400 for the consumer to pass on.
 */
async function* capped(chunks: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let left = limit;
  try {
    for await (const chunk of chunks) {
      if (left <= 0) continue; // the rest is read and dropped
      yield chunk.length <= left ? chunk : chunk.subarray(0, left);
      left -= chunk.length;
    }
  } catch (error) {
    throw badInput('The upload was interrupted or the multipart body is malformed', { cause: String((error as Error)?.message ?? error).slice(0, 200) });
  }
}

/** The part spooled to `target` (mode 600); 413 past `maxBytes` (its content was capped one byte past it). */
async function spoolTo(data: AsyncIterable<Uint8Array>, target: string, maxBytes: number): Promise<void> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const bytes = await writeNewFile(data, target);
  if (bytes > maxBytes) throw new RestResponseError(legacyError(413, 'PAYLOAD_TOO_LARGE', `The file part is larger than ${maxBytes} bytes`, { max_bytes: maxBytes }));
}
