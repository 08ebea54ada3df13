import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { AppContext } from '../../app-context';
import type { AppConfig } from '../../config';
import { DomainError, isDomainError } from '../../errors';
import type { ProgressHandle } from '../../progress/progress-registry';
import { fileTooLarge } from '../chunked/upload-limits';
import type { FileType } from '../file-types';
import { parseAllowList } from './address-policy';
import { decodedBody, isEncoded } from './decoded-body';
import { checkUrl, downloadError, openUrl } from './open-url';
import { systemResolveHost, type ResolveHost } from './pinned-lookup';
import { downloadFileName, fileTypeForDownload, rawGitHubUrl } from './url-file-type';

export interface DownloadUrlInput {
  url: string;
  /** Read as this type; unset = from the URL's extension, else the content type, else CSV. */
  fileType?: FileType | null;
  progress?: ProgressHandle;
  signal?: AbortSignal;
  /** Tests only: how host names resolve. */
  resolveHost?: ResolveHost;
}

export interface DownloadedFile {
  /** A server-named file in the uploads folder; the caller owns it from here. */
  storedPath: string;
  /** The URL as given. */
  originalUrl: string;
  /** The URL fetched (a GitHub page URL rewritten to its raw file): what a refresh downloads again. */
  url: string;
  /** Where the bytes came from after redirects. */
  finalUrl: string;
  fileType: FileType;
  /** A file name for the download carrying its type's extension (metadata). */
  fileName: string;
  contentType: string | null;
  bytes: number;
}

/**
 * Downloads a URL to a server-named file in the uploads folder, streamed to disk as it arrives.
 * Refused before any byte is read: other schemes, private/loopback/metadata addresses (every
 * redirect hop), a declared Content-Length over DUCKQUERY_MAX_FILE_SIZE (413). Stopped while
 * streaming: past the size limit (413), silence longer than DUCKQUERY_URL_TIMEOUT_MS, a cancel.
 * On any failure the partial file is removed. Also used to refresh a URL source.
 */
export async function downloadUrlToFile(app: AppContext, input: DownloadUrlInput): Promise<DownloadedFile> {
  const { config } = app;
  const requested = rawGitHubUrl(checkUrl(input.url));
  input.progress?.update({ phase: 'connecting' });
  const { response, finalUrl } = await openUrl(requested.toString(), {
    method: 'GET',
    allow: parseAllowList(config.urlAllowHosts),
    resolveHost: input.resolveHost ?? systemResolveHost,
    timeoutMs: config.urlTimeoutMs,
    signal: input.signal,
  });
  try {
    return await saveBody(config, input, requested, response, finalUrl);
  } catch (error) {
    response.destroy(); // whatever stopped the download (a refused type, the limit, a cancel): its socket is released
    throw error;
  }
}

/** Streams the answer's body into a new server-named file; removes the file on any failure. */
async function saveBody(config: AppConfig, input: DownloadUrlInput, requested: URL, response: http.IncomingMessage, finalUrl: URL): Promise<DownloadedFile> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > config.maxFileSizeBytes) throw fileTooLarge(declared, config.maxFileSizeBytes);
  const contentType = response.headers['content-type'] ?? null;
  const fileType = input.fileType ?? fileTypeForDownload(requested, contentType);
  const storedPath = path.join(config.uploadsDir, `${randomUUID()}.${fileType}`);
  // A compressed body's declared length is not the file's.
  input.progress?.update({ phase: 'downloading', bytesTotal: Number.isFinite(declared) && !isEncoded(response) ? declared : null, bytesDone: 0 });

  let bytes = 0;
  const handle = await fs.promises.open(storedPath, 'wx', 0o600);
  const idle = idleTimer(config.urlTimeoutMs, () => response.destroy(new DomainError('TIMEOUT', `The download stalled for ${config.urlTimeoutMs / 1000} s (DUCKQUERY_URL_TIMEOUT_MS)`)));
  try {
    for await (const piece of decodedBody(response) as AsyncIterable<Buffer>) {
      idle.reset();
      bytes += piece.byteLength;
      if (bytes > config.maxFileSizeBytes) throw fileTooLarge(null, config.maxFileSizeBytes);
      await handle.write(piece);
      input.progress?.update({ bytesDone: bytes });
    }
    await handle.close();
    return { storedPath, originalUrl: input.url, url: requested.toString(), finalUrl: finalUrl.toString(), fileType, fileName: downloadFileName(requested, fileType), contentType, bytes };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(storedPath, { force: true });
    throw isDomainError(error) || (error as { code?: string }).code === 'PAYLOAD_TOO_LARGE' ? error : downloadError(error, finalUrl);
  } finally {
    idle.stop();
  }
}

function idleTimer(ms: number, onIdle: () => void) {
  let timer = setTimeout(onIdle, ms);
  return {
    reset() {
      clearTimeout(timer);
      timer = setTimeout(onIdle, ms);
    },
    stop: () => clearTimeout(timer),
  };
}
