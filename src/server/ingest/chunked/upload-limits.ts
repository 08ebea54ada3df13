import { TRPCError } from '@trpc/server';
import { badInput } from '../../errors';
import { fileTypeFromName, SUPPORTED_EXTENSIONS, type FileType } from '../file-types';

/** The legacy default chunk size (the legacy frontend sends 10 MiB). */
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
/** A chunk is received whole into one file before it counts: bounded, so a request can hold only this much. */
export const MAX_CHUNK_SIZE = 100 * 1024 * 1024;
/** Bounds the chunk rows of one session (a 50 GiB file in 1 MiB chunks is 51 200). */
export const MAX_CHUNKS = 200_000;

/** The file type a client file name claims (the same table as whole-file uploads); 400 for an unsupported extension or `.xls`. */
export function fileTypeOf(fileName: string): FileType {
  const type = fileTypeFromName(fileName);
  if (!type) {
    const supported = SUPPORTED_EXTENSIONS.filter((e) => e !== 'xls');
    throw badInput(`Unsupported file type: use one of ${supported.map((e) => `.${e}`).join(', ')}`, { supported });
  }
  return type;
}

/** Bytes chunk `n` (0-based) must have: every chunk is chunk_size long but the last. */
export function expectedChunkBytes(session: { fileSize: number; chunkSize: number; totalChunks: number }, n: number): number {
  return n < session.totalChunks - 1 ? session.chunkSize : session.fileSize - session.chunkSize * (session.totalChunks - 1);
}

/**
 * Over DUCKQUERY_MAX_FILE_SIZE: 413. A TRPCError because the domain codes have no "too large";
 * toTRPCError passes it through, and REST shims answer its status (413) in the legacy shape.
 */
export function fileTooLarge(size: number | null, max: number): TRPCError {
  const what = size === null ? 'The file is larger than' : `The file is ${size} bytes; larger than`;
  return new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `${what} the largest allowed, ${max} bytes (DUCKQUERY_MAX_FILE_SIZE)` });
}
