import type { AccessConfig } from './access-config';
import type { Principal } from './principal';

/**
 * Cross-site request forgery checks for state-changing requests (every method but GET, HEAD and
 * OPTIONS), made in each handler:
 *
 * 1. Where from: an `Origin` equal to the request's own host or listed in
 *    DUCKQUERY_TRUSTED_ORIGINS; without `Origin`, `Sec-Fetch-Site: same-origin` or `none`. A
 *    request with neither header is not from a browser (every current browser sends one of them
 *    on a POST) and passes, unless it carries the session cookie: only browsers hold that.
 * 2. What: a JSON or multipart/form-data body. A page on another site can send a cross-site
 *    form or `text/plain` without a CORS preflight; it cannot send `application/json`. A request
 *    without any body needs no content type. The sign-in form is the one urlencoded form
 *    (`allowFormEncoded`).
 */
export type CsrfVerdict = { ok: true } | { ok: false; status: 403 | 415; code: 'FORBIDDEN' | 'UNSUPPORTED_MEDIA_TYPE'; message: string };

export interface CsrfRequest {
  method: string;
  headers: Headers;
  /** How the caller authenticated; null when it did not (the auth check answers first). */
  via: Principal['via'] | null;
  allowFormEncoded?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** `host[:port]` forms of a Host header value, as an Origin's host would spell them. */
function hostForms(host: string): string[] {
  const forms: string[] = [];
  for (const scheme of ['http', 'https']) {
    try {
      forms.push(new URL(`${scheme}://${host}`).host);
    } catch {
      // not a host: matches nothing
    }
  }
  return forms;
}

/** The hosts this request was addressed to: Host, and X-Forwarded-Host behind a trusted proxy. */
function ownHosts(headers: Headers, config: AccessConfig): string[] {
  const hosts = [headers.get('host')];
  if (config.trustProxyHops > 0) hosts.push(headers.get('x-forwarded-host')?.split(',')[0]?.trim() ?? null);
  return hosts.filter((h): h is string => !!h).flatMap(hostForms);
}

export function originAllowed(origin: string, headers: Headers, config: AccessConfig): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (config.trustedOrigins.includes(url.origin)) return true;
  return ownHosts(headers, config).includes(url.host);
}

const forbidden = (message: string): CsrfVerdict => ({ ok: false, status: 403, code: 'FORBIDDEN', message });

function checkSource(req: CsrfRequest, config: AccessConfig): CsrfVerdict {
  const origin = req.headers.get('origin');
  if (origin !== null) {
    return originAllowed(origin, req.headers, config)
      ? { ok: true }
      : forbidden(`Cross-site request refused: origin ${JSON.stringify(origin.slice(0, 200))} is neither this server nor listed in DUCKQUERY_TRUSTED_ORIGINS`);
  }
  const site = req.headers.get('sec-fetch-site');
  if (site !== null) {
    return site === 'same-origin' || site === 'none' ? { ok: true } : forbidden(`Cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 40)})`);
  }
  return req.via === 'session' ? forbidden('Request refused: a browser session request must carry an Origin header') : { ok: true };
}

function hasBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return headers.has('transfer-encoding') || (length !== null && length.trim() !== '0');
}

function checkContentType(req: CsrfRequest): CsrfVerdict {
  const raw = req.headers.get('content-type');
  const type = raw?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type === '') {
    return hasBody(req.headers) ? { ok: false, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'A request body needs Content-Type: application/json' } : { ok: true };
  }
  if (type === 'application/json' || type === 'multipart/form-data') return { ok: true };
  if (type === 'application/x-www-form-urlencoded' && req.allowFormEncoded) return { ok: true };
  return {
    ok: false,
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: `Content-Type ${JSON.stringify(type.slice(0, 100))} is not accepted here: send application/json (or multipart/form-data for uploads)`,
  };
}

export function checkCsrf(req: CsrfRequest, config: AccessConfig): CsrfVerdict {
  if (!isStateChanging(req.method)) return { ok: true };
  const source = checkSource(req, config);
  return source.ok ? checkContentType(req) : source;
}
