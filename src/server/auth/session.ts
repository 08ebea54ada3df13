import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../secrets/keyring';
import type { AccessConfig, Role } from './access-config';
import { roleForToken } from './principal';

/**
 * The sign-in session: a cookie holding `v1.<payload>.<hmac>`, where the payload is the role, a
 * keyed fingerprint of the token that signed in, and the issue and expiry times. It never holds
 * the token. The HMAC key is derived (HKDF) from DuckQuery's secret key, so:
 * - a session cannot be forged or extended without the key;
 * - changing a token ends the sessions it opened (the fingerprint no longer matches);
 * - rotating the secret key ends every session (sign in again).
 * Sessions are stateless: signing out deletes the cookie in that browser only.
 */
export const SESSION_COOKIE = 'duckquery_session';

export interface SessionClaims {
  role: Role;
  /** Keyed fingerprint of the token that signed in (see tokenFingerprint). */
  fingerprint: string;
  issuedAt: number;
  expiresAt: number;
}

const sessionKeys = new WeakMap<Keyring, Buffer>();

/** HMAC key for sessions, derived from the current secret key (never the key itself). */
export function sessionKey(keyring: Keyring): Buffer {
  let key = sessionKeys.get(keyring);
  if (!key) {
    const secret = keyring.keys.get(keyring.currentId);
    if (!secret) throw new Error('the keyring has no current key');
    key = Buffer.from(hkdfSync('sha256', secret, 'duckquery', 'duckquery session cookie v1', 32));
    sessionKeys.set(keyring, key);
  }
  return key;
}

/** 16 hex characters naming a token without revealing it (keyed: no offline guessing). */
export function tokenFingerprint(key: Buffer, token: string): string {
  return createHmac('sha256', key).update('token:').update(token, 'utf8').digest('hex').slice(0, 16);
}

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest();

export function signSession(key: Buffer, claims: SessionClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ r: claims.role, f: claims.fingerprint, iat: claims.issuedAt, exp: claims.expiresAt }),
  ).toString('base64url');
  const body = `v1.${payload}`;
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The claims of a genuine, unexpired session, or null. */
export function verifySession(key: Buffer, value: string, nowSeconds = Math.floor(Date.now() / 1000)): SessionClaims | null {
  if (value.length > 1024) return null;
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1') return null;
  const presented = Buffer.from(parts[2]!, 'base64url');
  const expected = mac(key, `v1.${parts[1]}`);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const c = claims as { r?: unknown; f?: unknown; iat?: unknown; exp?: unknown };
  if ((c.r !== 'admin' && c.r !== 'user') || typeof c.f !== 'string' || typeof c.iat !== 'number' || typeof c.exp !== 'number') return null;
  if (c.exp <= nowSeconds || c.iat > nowSeconds + 60) return null;
  return { role: c.r, fingerprint: c.f, issuedAt: c.iat, expiresAt: c.exp };
}

/** A new session for a token that was just checked. */
export function issueSession(key: Buffer, config: AccessConfig, token: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  const role = roleForToken(config, token);
  if (!role) return null;
  const claims: SessionClaims = { role, fingerprint: tokenFingerprint(key, token), issuedAt: nowSeconds, expiresAt: nowSeconds + config.sessionTtlSeconds };
  return { role, value: signSession(key, claims), maxAge: config.sessionTtlSeconds };
}

/**
 * The role a verified session still carries under the current configuration: the token that
 * opened it must still be configured, with the same role. Null otherwise.
 */
export function sessionRole(key: Buffer, config: AccessConfig, claims: SessionClaims): Role | null {
  const fingerprintMatches = (token: string | null) => {
    if (token === null) return false;
    const a = Buffer.from(tokenFingerprint(key, token));
    const b = Buffer.from(claims.fingerprint);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const current = fingerprintMatches(config.adminToken) ? 'admin' : fingerprintMatches(config.accessToken) ? config.accessTokenRole : null;
  return current === claims.role ? current : null;
}

/** `Set-Cookie` for a session: httpOnly, SameSite=Lax, Path=/, Secure over https. */
export function sessionCookieHeader(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookieHeader(secure: boolean): string {
  return sessionCookieHeader('', 0, secure);
}

/** The session cookie's value from a `Cookie` header, if present. */
export function readSessionCookie(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
