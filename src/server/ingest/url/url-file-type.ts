import type { FileType } from '../file-types';
import { fileTypeFromName } from '../file-types';

/**
 * GitHub page URLs of files (`github.com/<owner>/<repo>/blob/<ref>/<path>`) become their raw
 * download URLs, as the legacy route did; every other URL is returned as given.
 */
export function rawGitHubUrl(url: URL): URL {
  if (url.hostname !== 'github.com' && url.hostname !== 'www.github.com') return url;
  const match = /^\/([^/]+)\/([^/]+)\/(?:blob|raw)\/(.+)$/.exec(url.pathname);
  if (!match) return url;
  return new URL(`https://raw.githubusercontent.com/${match[1]}/${match[2]}/${match[3]}`);
}

const BY_CONTENT_TYPE: Record<string, FileType> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/json': 'json',
  'application/x-ndjson': 'jsonl',
  'application/ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/vnd.apache.parquet': 'parquet',
  'application/x-parquet': 'parquet',
  'application/parquet': 'parquet',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** The last segment of the URL's path, decoded: the name a person would give the download. */
export function urlFileName(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The type of a download: from the URL's extension, else the content type, else CSV (the legacy default). `.xls` is refused. */
export function fileTypeForDownload(url: URL, contentType: string | null): FileType {
  const name = urlFileName(url).replace(/[\u0000-\u001f\u007f]/g, '');
  const fromName = name ? fileTypeFromName(name) : null;
  if (fromName) return fromName;
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return BY_CONTENT_TYPE[mime] ?? 'csv';
}

/** A client-style file name for the download that carries its type's extension (the importer reads the type from it). */
export function downloadFileName(url: URL, fileType: FileType): string {
  const name = urlFileName(url).replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'download';
  return name.toLowerCase().endsWith(`.${fileType}`) ? name : `${name.replace(/\.[A-Za-z0-9]{1,8}$/, '')}.${fileType}`;
}
