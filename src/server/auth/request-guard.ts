import { getApp } from '../db/instance';
import { legacyError } from '../rest/responses';
import { getAccessConfig } from './access-config';
import { AUTH_MESSAGES, authenticate } from './authenticate';
import { checkCsrf } from './csrf';
import type { Principal } from './principal';
import { sessionKey } from './session';

export type GuardResult = { ok: true; principal: Principal } | { ok: false; response: Response };

/**
 * The access and CSRF checks of a REST route, answered in the legacy error shape: 401 without
 * valid credentials (when a token is configured), 403 for a cross-site request, 415 for a body
 * that is neither JSON nor multipart. Called by every shim (legacyRoute), not by middleware.
 */
export async function guardRequest(req: Request, options: { allowFormEncoded?: boolean } = {}): Promise<GuardResult> {
  const config = getAccessConfig();
  const app = config.enabled ? await getApp() : null;
  const auth = authenticate(req.headers, config, () => sessionKey(app!.keyring));
  if (!auth.ok) {
    const response = legacyError(401, 'UNAUTHORIZED', AUTH_MESSAGES[auth.reason]);
    response.headers.set('WWW-Authenticate', 'Bearer realm="DuckQuery"');
    return { ok: false, response };
  }
  const verdict = checkCsrf({ method: req.method, headers: req.headers, via: auth.principal.via, allowFormEncoded: options.allowFormEncoded }, config);
  if (!verdict.ok) return { ok: false, response: legacyError(verdict.status, verdict.code, verdict.message) };
  return { ok: true, principal: auth.principal };
}
