import { z } from 'zod';
import { appendAudit } from '../audit/audit-log';
import { getApp } from '../db/instance';
import { withRateLimit, rateLimitedCause } from '../rate-limit/with-rate-limit';
import { errorToResponse } from '../rest/error-response';
import { readJsonBody } from '../rest/read-json-body';
import { legacyError, legacyJson, RestResponseError } from '../rest/responses';
import { getAccessConfig, type AccessConfig } from './access-config';
import { authenticate } from './authenticate';
import { clientAddress } from './client-address';
import { checkCsrf } from './csrf';
import { safeNextPath, signInPath } from './redirect-target';
import { clearedSessionCookieHeader, issueSession, sessionCookieHeader, sessionKey } from './session';

/**
 * POST /api/auth/signin, /api/auth/signout and GET /api/auth/session. The sign-in page posts a
 * urlencoded form (the one form DuckQuery accepts, checked for its Origin like every POST) and
 * gets 303 redirects; API clients may post JSON `{token}` and get JSON. Every attempt is
 * rate-limited per client address (class `signin`) and recorded in the audit log, never with
 * the token.
 */
const MAX_SIGNIN_BYTES = 16 * 1024;
const jsonSignIn = z.object({ token: z.string().max(4096), next: z.string().max(2000).optional() });

function mediaType(req: Request): string {
  return req.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

const isFormPost = (req: Request) => ['application/x-www-form-urlencoded', 'multipart/form-data'].includes(mediaType(req));

/** https as the browser sees it: the request itself, or a trusted proxy's X-Forwarded-Proto. */
function isHttps(req: Request, config: AccessConfig): boolean {
  if (new URL(req.url).protocol === 'https:') return true;
  return config.trustProxyHops > 0 && req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store', ...headers } });
}

async function readCredentials(req: Request): Promise<{ token: string; next: string }> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_SIGNIN_BYTES) {
    throw new RestResponseError(legacyError(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${MAX_SIGNIN_BYTES} bytes`));
  }
  if (isFormPost(req)) {
    const form = await req.formData().catch(() => null);
    const token = form?.get('token');
    return { token: typeof token === 'string' ? token.trim() : '', next: safeNextPath(form?.get('next')) };
  }
  const body = await readJsonBody(req, jsonSignIn, MAX_SIGNIN_BYTES);
  return { token: body.token.trim(), next: safeNextPath(body.next) };
}

export async function handleSignIn(req: Request): Promise<Response> {
  const started = performance.now();
  const config = getAccessConfig();
  const form = isFormPost(req);
  const verdict = checkCsrf({ method: req.method, headers: req.headers, via: null, allowFormEncoded: true }, config);
  if (!verdict.ok) return form && verdict.status === 403 ? redirect(signInPath('/', 'origin')) : legacyError(verdict.status, verdict.code, verdict.message);

  const ip = clientAddress(req.headers, config);
  let next = '/';
  try {
    return await withRateLimit({ actor: 'anonymous', clientIp: ip }, 'signin', async () => {
      const credentials = await readCredentials(req);
      next = credentials.next;
      if (!config.enabled) return form ? redirect(next) : legacyJson({ success: true, access_control: false, role: 'admin' });

      const app = await getApp();
      const session = credentials.token ? issueSession(sessionKey(app.keyring), config, credentials.token) : null;
      const via = form ? 'form' : 'json';
      await appendAudit(app.database, {
        actor: session?.role ?? 'anonymous',
        action: 'auth.signin',
        target_type: 'session',
        outcome: session ? 'ok' : 'error',
        details: session ? { ip, via, role: session.role } : { ip, via, reason: credentials.token ? 'wrong token' : 'no token' },
        duration_ms: performance.now() - started,
      });
      if (!session) {
        return form ? redirect(signInPath(next, 'invalid')) : legacyError(401, 'UNAUTHORIZED', 'That token is not valid');
      }
      const cookie = sessionCookieHeader(session.value, session.maxAge, isHttps(req, config));
      if (form) return redirect(next, { 'Set-Cookie': cookie });
      const response = legacyJson({ success: true, access_control: true, role: session.role, expires_in: session.maxAge });
      response.headers.set('Set-Cookie', cookie);
      return response;
    });
  } catch (error) {
    const limited = rateLimitedCause(error);
    if (limited) {
      const retryAfter = { 'Retry-After': String(limited.retryAfterSeconds) };
      if (form) return redirect(signInPath(next, 'rate_limited'), retryAfter);
      const response = legacyError(429, 'TOO_MANY_REQUESTS', limited.message, { retry_after_seconds: limited.retryAfterSeconds });
      response.headers.set('Retry-After', retryAfter['Retry-After']);
      return response;
    }
    return errorToResponse(error);
  }
}

/** Deletes the session cookie (sessions are stateless: this browser only). Needs no credentials. */
export async function handleSignOut(req: Request): Promise<Response> {
  const config = getAccessConfig();
  const form = isFormPost(req);
  const verdict = checkCsrf({ method: req.method, headers: req.headers, via: null, allowFormEncoded: true }, config);
  if (!verdict.ok) return legacyError(verdict.status, verdict.code, verdict.message);
  const cookie = clearedSessionCookieHeader(isHttps(req, config));
  if (config.enabled) {
    const app = await getApp();
    const auth = authenticate(req.headers, config, () => sessionKey(app.keyring));
    if (auth.ok && auth.principal.via === 'session') {
      const ip = clientAddress(req.headers, config);
      await appendAudit(app.database, { actor: auth.principal.actor, action: 'auth.signout', target_type: 'session', outcome: 'ok', details: { ip } });
    }
  }
  if (form) return redirect('/signin', { 'Set-Cookie': cookie });
  const response = legacyJson({ success: true });
  response.headers.set('Set-Cookie', cookie);
  return response;
}

/** Who the caller is: `{success, access_control, authenticated, role, via}`; never a 401. */
export async function handleSession(req: Request): Promise<Response> {
  const config = getAccessConfig();
  const app = config.enabled ? await getApp() : null;
  const auth = authenticate(req.headers, config, () => sessionKey(app!.keyring));
  return legacyJson({
    success: true,
    access_control: config.enabled,
    authenticated: auth.ok,
    role: auth.ok ? auth.principal.role : null,
    via: auth.ok ? auth.principal.via : null,
  });
}
