import type { AccessConfig } from './access-config';
import { OPEN_PRINCIPAL, principalFor, roleForToken, type Principal } from './principal';
import { readSessionCookie, sessionRole, verifySession } from './session';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'invalid' };

export const AUTH_MESSAGES = {
  missing: 'This DuckQuery requires an access token: sign in at /signin or send "Authorization: Bearer <token>"',
  invalid: 'The access token or session is not valid (a session ends after its time or when the token changes): sign in again',
} as const;

/**
 * Who sent these headers. A bearer token wins over a cookie, and a wrong one is an error rather
 * than a reason to fall back to the cookie. `sessionKey` is called only when a cookie is checked.
 */
export function authenticate(headers: Headers, config: AccessConfig, sessionKey: () => Buffer): AuthResult {
  if (!config.enabled) return { ok: true, principal: OPEN_PRINCIPAL };
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    const role = match ? roleForToken(config, match[1]!) : null;
    return role ? { ok: true, principal: principalFor(role, 'bearer') } : { ok: false, reason: 'invalid' };
  }
  const cookie = readSessionCookie(headers.get('cookie'));
  if (cookie === null) return { ok: false, reason: 'missing' };
  const key = sessionKey();
  const claims = verifySession(key, cookie);
  const role = claims ? sessionRole(key, config, claims) : null;
  return role ? { ok: true, principal: principalFor(role, 'session') } : { ok: false, reason: 'invalid' };
}
