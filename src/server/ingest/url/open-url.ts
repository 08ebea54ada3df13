import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { badInput, DomainError, isDomainError } from '../../errors';
import { nameRefusal, normalHost, refusalFor, type AllowList } from './address-policy';
import { pinnedLookup, urlRefused, type ResolveHost } from './pinned-lookup';

export const MAX_REDIRECTS = 5;

export interface OpenUrlOptions {
  method: 'GET' | 'HEAD';
  allow: AllowList;
  resolveHost: ResolveHost;
  /** Longest silence: waiting to connect, for the answer, and between pieces of the body. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface OpenedUrl {
  response: http.IncomingMessage;
  /** Where the answer came from, after redirects. */
  finalUrl: URL;
}

/** Only plain http(s) URLs without credentials (they would be stored with the source and shown). */
export function checkUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw badInput(`'${text.slice(0, 200)}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badInput(`Only http and https URLs can be imported, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw badInput('URLs with a user name or password are not supported');
  if (!url.hostname) throw badInput('The URL has no host');
  return url;
}

/**
 * Why node:http(s) and not fetch: Node 20's fetch cannot be given a connect-time `lookup` without
 * the `undici` package (not a dependency), so it would resolve the name again after our check —
 * the DNS-rebinding hole. http.request's `lookup` lets the socket connect to exactly the checked
 * addresses; redirects are followed by hand either way (fetch's redirect: 'manual' is the same).
 *
 * Opens a URL, following redirects ourselves (at most MAX_REDIRECTS) so every hop's host is
 * checked — IP literals here, names in the pinned lookup at connect time. Answers the first 2xx
 * response, unread; any other status is a clear error.
 */
export async function openUrl(start: string, options: OpenUrlOptions): Promise<OpenedUrl> {
  let url = checkUrl(start);
  let method = options.method;
  for (let hop = 0; ; hop++) {
    const response = await requestOnce(url, method, options);
    const status = response.statusCode ?? 0;
    // Bodies of redirects and errors are not read: hung up on, since one could be endless (and
    // nothing times it out once the answer has come).
    if (status >= 300 && status < 400 && response.headers.location) {
      response.destroy();
      if (hop >= MAX_REDIRECTS) throw badInput(`Too many redirects (more than ${MAX_REDIRECTS}) from ${start.slice(0, 200)}`);
      url = checkUrl(new URL(response.headers.location, url).toString());
      if (status === 303) method = method === 'HEAD' ? 'HEAD' : 'GET';
      continue;
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      throw badInput(`The server answered ${status} ${response.statusMessage ?? ''}`.trim() + ` for ${url.origin}${url.pathname.slice(0, 200)}`, { http_status: status });
    }
    return { response, finalUrl: url };
  }
}

function requestOnce(url: URL, method: 'GET' | 'HEAD', options: OpenUrlOptions): Promise<http.IncomingMessage> {
  const host = normalHost(url.hostname);
  // Literals never reach the lookup; metadata names are refused before any DNS query.
  const reason = net.isIP(host) ? refusalFor(options.allow, host, [host]) : nameRefusal(options.allow, host);
  if (reason) return Promise.reject(urlRefused(reason));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method,
      lookup: pinnedLookup(options.allow, options.resolveHost),
      headers: { 'user-agent': 'DuckQuery', accept: '*/*', 'accept-encoding': 'identity' },
      signal: options.signal,
      // Armed before the socket connects, so a name that never resolves or a host that never
      // accepts times out too (request.setTimeout would start counting only once connected).
      timeout: options.timeoutMs,
    });
    request.once('timeout', () => request.destroy(timedOut(options.timeoutMs)));
    request.once('response', (response) => {
      request.setTimeout(0); // from here the reader's own idle timer watches the body (download-url.ts)
      resolve(response);
    });
    request.once('error', (error) => reject(downloadError(error, url)));
    request.end();
  });
}

const TIMEOUT_MARK = Symbol.for('duckquery.urlTimeout');

function timedOut(ms: number): Error {
  return Object.assign(new DomainError('TIMEOUT', `The server did not answer within ${ms / 1000} s (DUCKQUERY_URL_TIMEOUT_MS)`), { [TIMEOUT_MARK]: true });
}

/** A network failure in words a person can act on (never the raw stack). */
export function downloadError(error: unknown, url: URL): Error {
  if (isDomainError(error)) return error;
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'AbortError') return new DomainError('CANCELLED', 'The download was cancelled');
  const where = url.host;
  // zlib's codes (Z_DATA_ERROR…) and brotli's (ERR__ERROR_…): see decoded-body.ts.
  if (/^(Z_|ERR__ERROR_)/.test(e?.code ?? '')) return badInput(`${where} sent a compressed file that is corrupt or cut short`);
  switch (e?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return badInput(`Could not resolve the host ${where}`);
    case 'ECONNREFUSED':
      return badInput(`${where} refused the connection`);
    case 'ECONNRESET':
      return badInput(`${where} closed the connection`);
    case 'ETIMEDOUT':
      return new DomainError('TIMEOUT', `Connecting to ${where} timed out`);

    default:
      return badInput(`Could not download from ${where}: ${e?.code ?? e?.message ?? 'network error'}`);
  }
}
