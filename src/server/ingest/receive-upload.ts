import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { badInput, isDomainError } from '../errors';
import type { ProgressHandle } from '../progress/progress-registry';
import { clientFilename } from './client-filename';
import { extensionOf, SUPPORTED_EXTENSIONS } from './file-types';
import { multipartBoundary, MultipartError, multipartParts } from './multipart-parts';
import { writeNewFile } from './write-new-file';

export interface ReceivedUpload {
  /** Server-named file in the uploads folder. */
  storedPath: string;
  /** The client's name (metadata only). */
  filename: string;
  size: number;
  /** The form's other fields (table_alias, if_exists…). */
  fields: Record<string, string>;
}

/** Multipart bodies carry some bytes of boundaries and headers besides the file. */
const MULTIPART_OVERHEAD = 1024 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;
/** The progress is told every this many bytes, not on every network chunk (~64 KiB). */
const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024;

export const tooLarge = (maxBytes: number) =>
  new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `The file is larger than the largest allowed, ${maxBytes} bytes (DUCKQUERY_MAX_FILE_SIZE)` });

/**
 * Streams the multipart part `file` to a server-named file in `dir` while it arrives (never held in
 * memory), counting bytes for the progress and stopping at `maxBytes` (413, partial file removed).
 * Any failure — a malformed body, a dropped connection, a bad name — removes the file. The body is
 * read only as fast as the file is written, so memory stays bounded.
 */
export async function receiveUpload(req: Request, options: { dir: string; maxBytes: number; progress?: ProgressHandle }): Promise<ReceivedUpload> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > options.maxBytes + MULTIPART_OVERHEAD) throw tooLarge(options.maxBytes);
  const boundary = multipartBoundary(req.headers.get('content-type'));
  if (!boundary) throw badInput('Expected a multipart/form-data body with a file part named "file"');
  if (!req.body) throw badInput('Field required: file (a multipart/form-data file part)');
  await fs.promises.mkdir(options.dir, { recursive: true });
  const fields: Record<string, string> = {};
  let file: { storedPath: string; filename: string; size: number } | null = null;
  let storedPath: string | null = null;
  const reader = req.body.getReader();
  try {
    for await (const part of multipartParts(reader, boundary)) {
      if (part.filename === undefined) {
        fields[part.name] = await part.text(MAX_FIELD_BYTES);
        continue;
      }
      if (part.name !== 'file' || file) continue; // other file parts are skipped unread
      const filename = clientFilename(part.filename);
      const ext = extensionOf(filename);
      storedPath = path.join(options.dir, `${randomUUID()}${SUPPORTED_EXTENSIONS.includes(ext) ? `.${ext}` : ''}`);
      const size = await writePart(part.chunks(), storedPath, options);
      file = { storedPath, filename, size };
    }
  } catch (error) {
    reader.cancel().catch(() => undefined); // nothing more of this body is wanted
    if (storedPath) await fs.promises.rm(storedPath, { force: true });
    if (error instanceof TRPCError || isDomainError(error)) throw error;
    if (error instanceof MultipartError) throw badInput(error.message);
    throw badInput('The upload was interrupted or the multipart body is malformed', { cause: String((error as Error)?.message ?? error).slice(0, 200) });
  }
  if (!file) throw badInput('Field required: file (a multipart/form-data file part)');
  return { ...file, fields };
}

/** Writes the part's content to a new file (mode 600), refusing past `maxBytes`; returns its size. */
async function writePart(chunks: AsyncIterable<Uint8Array>, storedPath: string, options: { maxBytes: number; progress?: ProgressHandle }): Promise<number> {
  let reported = 0;
  const bytes = await writeNewFile(chunks, storedPath, (bytes) => {
    if (bytes > options.maxBytes) throw tooLarge(options.maxBytes);
    if (bytes - reported >= PROGRESS_EVERY_BYTES) {
      reported = bytes;
      options.progress?.update({ bytesDone: bytes });
    }
  });
  options.progress?.update({ bytesDone: bytes });
  return bytes;
}
