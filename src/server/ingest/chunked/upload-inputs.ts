import { z } from 'zod';

/** Inputs of the chunked-upload procedures; the REST shims map the legacy form fields onto them. */

/** Any string: an id that is not a session's (malformed or not) is simply "not found" (404). */
export const uploadIdInput = z.object({ uploadId: z.string().min(1).max(200) });

export const initUploadInput = z.object({
  fileName: z.string(),
  fileSize: z.number().int('file_size must be a whole number of bytes').positive('file_size must be at least 1 byte (an empty file has no data to import)'),
  chunkSize: z.number().int().positive().optional(),
  /** MD5 of the whole file, hex; "" or absent = not checked. */
  fileHash: z
    .string()
    .trim()
    .transform((h) => h.toLowerCase())
    .refine((h) => h === '' || /^[0-9a-f]{32}$/.test(h), 'file_hash must be an MD5 in hex (32 characters), or empty')
    .optional(),
  tableAlias: z.string().max(1024).optional(),
});
export type InitUploadInput = z.infer<typeof initUploadInput>;

const isByteSource = (value: unknown): value is AsyncIterable<Uint8Array> =>
  value !== null && typeof value === 'object' && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/**
 * A chunk's bytes come as a stream, so only in-process callers (the multipart REST route
 * `/api/upload/chunk`, which streams the part) can send one: a JSON body over /api/trpc cannot,
 * and tRPC would buffer a binary body whole.
 */
export const chunkInput = uploadIdInput.extend({
  chunkNumber: z.number().int('chunk_number must be a whole number').min(0, 'chunk_number must be 0 or more'),
  data: z.custom<AsyncIterable<Uint8Array>>(isByteSource, 'the chunk must be sent as a file part of POST /api/upload/chunk'),
});
export type ChunkInput = z.infer<typeof chunkInput>;

/** `rename` (default, the legacy rule): a taken table name gets `_YYYYMMDDHHMM`; or replace / append / fail. */
export const completeInput = uploadIdInput.extend({ ifExists: z.enum(['rename', 'replace', 'append', 'fail']).default('rename') });
