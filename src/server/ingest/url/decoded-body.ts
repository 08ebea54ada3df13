import type http from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { badInput } from '../../errors';

const DECODERS: Record<string, (() => NodeJS.ReadWriteStream) | null> = {
  '': null,
  identity: null,
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/** Whether the body arrives compressed (its Content-Length then counts compressed bytes). */
export function isEncoded(response: http.IncomingMessage): boolean {
  return contentEncoding(response) !== 'identity';
}

/**
 * The body as the file it stands for. DuckQuery asks for no compression (`accept-encoding:
 * identity`), but some servers compress anyway (the legacy app's client decoded it); stored as it
 * came, DuckDB would read gzip bytes as CSV. The caller counts the size limit on the decoded
 * bytes, so a small compressed body cannot fill the disk.
 */
export function decodedBody(response: http.IncomingMessage): Readable {
  const encoding = contentEncoding(response);
  const decoder = DECODERS[encoding];
  if (decoder === undefined) throw badInput(`The server sent the file compressed as '${encoding.slice(0, 40)}', which DuckQuery cannot decode`);
  if (decoder === null) return response;
  // Either side's error (a dropped connection, corrupt data) ends the decoded stream with it.
  return pipeline(response, decoder(), () => undefined) as unknown as Readable;
}

function contentEncoding(response: http.IncomingMessage): string {
  return String(response.headers['content-encoding'] ?? 'identity').trim().toLowerCase() || 'identity';
}
