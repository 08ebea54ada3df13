import type { AppContext } from '../../app-context';
import { TRPCError } from '@trpc/server';
import { DomainError, isDomainError } from '../../errors';
import { startProgress } from '../../progress/progress-registry';
import type { ReceivedImport } from '../import-received-file';
import { parseAllowList } from './address-policy';
import { downloadUrlToFile } from './download-url';
import { importDownloadedFile } from './import-downloaded-file';
import { trackUrlImport } from './running-url-imports';
import { checkUrl, openUrl } from './open-url';
import { systemResolveHost, type ResolveHost } from './pinned-lookup';
import { fileTypeForDownload, rawGitHubUrl } from './url-file-type';
import type { ImportFromUrlInput } from './url-import-inputs';

export interface UrlImportResult {
  result: ReceivedImport;
  url: string;
  originalUrl: string;
  fileType: string;
  progressId: string;
}

/**
 * Downloads a URL (checked, streamed, size-limited: download-url.ts) and imports it like an
 * upload; the URL is kept in the file-source row (`source_url`, `original_url`) so the source
 * can be refreshed. Progress: connecting → downloading (bytes) → reading → done; cancelUrlImport
 * (by the progress id) stops it at any point before it lands.
 */
export async function importFromUrl(
  app: AppContext,
  actor: string,
  input: ImportFromUrlInput,
  options: { resolveHost?: ResolveHost; signal?: AbortSignal; /** Called with the progress id as soon as there is one. */ onStart?: (progressId: string) => void } = {},
): Promise<UrlImportResult> {
  const progress = startProgress({ kind: 'url_import', label: input.url.slice(0, 500), actor, phase: 'connecting' });
  const tracked = trackUrlImport(progress.id, actor);
  options.onStart?.(progress.id);
  const signal = options.signal ? AbortSignal.any([options.signal, tracked.signal]) : tracked.signal;
  try {
    const download = await downloadUrlToFile(app, { url: input.url, fileType: input.fileType, progress, signal, resolveHost: options.resolveHost });
    const result = await importDownloadedFile(app, download, { tableAlias: input.tableAlias, ifExists: input.ifExists, actor, csv: input.csv, progress, signal });
    progress.finish(result.kind === 'table' ? { sourceId: result.source.source_id } : { pendingExcel: true });
    return { result, url: download.url, originalUrl: download.originalUrl, fileType: download.fileType, progressId: progress.id };
  } catch (error) {
    if (signal.aborted) {
      progress.cancel();
      throw new DomainError('CANCELLED', 'The URL import was cancelled');
    }
    // Domain and HTTP errors are written for people; anything else may quote internals.
    progress.fail(isDomainError(error) || error instanceof TRPCError ? error.message : 'The import failed');
    throw error;
  } finally {
    tracked.done();
  }
}

/** What a URL holds, without downloading it: type, content type and length (a HEAD request, with the same checks). */
export async function urlInfo(app: AppContext, url: string, options: { resolveHost?: ResolveHost } = {}) {
  const requested = rawGitHubUrl(checkUrl(url));
  const { response } = await openUrl(requested.toString(), {
    method: 'HEAD',
    allow: parseAllowList(app.config.urlAllowHosts),
    resolveHost: options.resolveHost ?? systemResolveHost,
    timeoutMs: app.config.urlTimeoutMs,
  });
  response.resume();
  const contentType = response.headers['content-type'] ?? null;
  const length = Number(response.headers['content-length']);
  return { fileType: fileTypeForDownload(requested, contentType), contentType, contentLength: Number.isFinite(length) ? length : null, url: requested.toString() };
}
