import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccessConfigError, parseAccessConfig } from '@/server/auth/access-config';
import { authenticate } from '@/server/auth/authenticate';
import { roleForToken } from '@/server/auth/principal';
import {
  issueSession,
  readSessionCookie,
  sessionCookieHeader,
  sessionKey,
  sessionRole,
  signSession,
  tokenFingerprint,
  verifySession,
} from '@/server/auth/session';
import { tokensEqual } from '@/server/auth/token-compare';
import { keyIdOf } from '@/server/secrets/keyring';

const USER = 'user-token-0123456789abcdef';
const ADMIN = 'admin-token-0123456789abcdef';
const both = parseAccessConfig({ DUCKQUERY_ACCESS_TOKEN: USER, DUCKQUERY_ADMIN_TOKEN: ADMIN });
const accessOnly = parseAccessConfig({ DUCKQUERY_ACCESS_TOKEN: USER });
const keyringOf = (key: Buffer) => ({ currentId: keyIdOf(key), keys: new Map([[keyIdOf(key), key]]) });
const key = sessionKey(keyringOf(randomBytes(32)));
const NOW = 1_800_000_000;

describe('token comparison', () => {
  it('is equality, whatever the lengths, without throwing', () => {
    expect(tokensEqual(USER, USER)).toBe(true);
    expect(tokensEqual(USER, `${USER}x`)).toBe(false);
    expect(tokensEqual('', USER)).toBe(false);
    expect(tokensEqual(USER.toUpperCase(), USER)).toBe(false);
  });

  it('grants admin to the admin token, user to the access token when both are set; admin when only the access token is', () => {
    expect(roleForToken(both, ADMIN)).toBe('admin');
    expect(roleForToken(both, USER)).toBe('user');
    expect(roleForToken(both, 'nope-nope-nope-nope')).toBeNull();
    expect(roleForToken(accessOnly, USER)).toBe('admin');
    expect(roleForToken(accessOnly, ADMIN)).toBeNull();
  });
});

describe('access settings', () => {
  it('refuses short tokens, equal tokens, bad origins and bad proxy hops', () => {
    expect(() => parseAccessConfig({ DUCKQUERY_ACCESS_TOKEN: 'short' })).toThrow(AccessConfigError);
    expect(() => parseAccessConfig({ DUCKQUERY_ACCESS_TOKEN: USER, DUCKQUERY_ADMIN_TOKEN: USER })).toThrow(/must differ/);
    expect(() => parseAccessConfig({ DUCKQUERY_TRUSTED_ORIGINS: 'https://ok.example, not an origin' })).toThrow(/not an origin/);
    expect(() => parseAccessConfig({ DUCKQUERY_TRUSTED_ORIGINS: 'https://ok.example/path' })).toThrow(/no path/);
    expect(() => parseAccessConfig({ DUCKQUERY_TRUST_PROXY: 'yes' })).toThrow(/DUCKQUERY_TRUST_PROXY/);
  });

  it('normalises trusted origins and reads proxy hops and session hours', () => {
    const config = parseAccessConfig({
      DUCKQUERY_TRUSTED_ORIGINS: 'https://App.Example.com:443, http://10.0.0.5:8080',
      DUCKQUERY_TRUST_PROXY: 'true',
      DUCKQUERY_SESSION_HOURS: '0.5',
    });
    expect(config).toMatchObject({ enabled: false, trustedOrigins: ['https://app.example.com', 'http://10.0.0.5:8080'], trustProxyHops: 1, sessionTtlSeconds: 1800 });
    expect(parseAccessConfig({ DUCKQUERY_TRUST_PROXY: '2' }).trustProxyHops).toBe(2);
    expect(parseAccessConfig({}).sessionTtlSeconds).toBe(12 * 3600);
  });
});

describe('session cookie', () => {
  const issued = issueSession(key, both, USER, NOW)!;
  const claims = () => verifySession(key, issued.value, NOW + 10)!;

  it('round-trips role and expiry, and never contains the token', () => {
    expect(issued.role).toBe('user');
    expect(claims()).toMatchObject({ role: 'user', issuedAt: NOW, expiresAt: NOW + both.sessionTtlSeconds });
    expect(issued.value).not.toContain(USER);
    expect(Buffer.from(issued.value.split('.')[1]!, 'base64url').toString()).not.toContain(USER);
    expect(sessionRole(key, both, claims())).toBe('user');
    expect(issueSession(key, both, 'wrong-token-wrong-token', NOW)).toBeNull();
  });

  it('expires', () => {
    expect(verifySession(key, issued.value, NOW + both.sessionTtlSeconds - 1)).not.toBeNull();
    expect(verifySession(key, issued.value, NOW + both.sessionTtlSeconds)).toBeNull();
  });

  it('rejects tampering: a changed payload, a changed or truncated signature, another key, garbage', () => {
    const [v, payload, sig] = issued.value.split('.') as [string, string, string];
    const asAdmin = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), r: 'admin' })).toString('base64url');
    expect(verifySession(key, `${v}.${asAdmin}.${sig}`, NOW)).toBeNull();
    const longer = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), exp: NOW + 10 ** 9 })).toString('base64url');
    expect(verifySession(key, `${v}.${longer}.${sig}`, NOW)).toBeNull();
    expect(verifySession(key, `${v}.${payload}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`, NOW)).toBeNull();
    expect(verifySession(key, `${v}.${payload}.${sig.slice(0, 10)}`, NOW)).toBeNull();
    expect(verifySession(sessionKey(keyringOf(randomBytes(32))), issued.value, NOW)).toBeNull();
    for (const junk of ['', 'v1', 'v1..', 'v2.a.b', `${v}.${payload}`, 'x'.repeat(5000)]) expect(verifySession(key, junk, NOW)).toBeNull();
  });

  it('a forged signature over a well-formed payload is still refused', () => {
    const forged = signSession(sessionKey(keyringOf(randomBytes(32))), { role: 'admin', fingerprint: tokenFingerprint(key, ADMIN), issuedAt: NOW, expiresAt: NOW + 60 });
    expect(verifySession(key, forged, NOW)).toBeNull();
  });

  it('ends when its token changes or its role no longer matches the configuration', () => {
    const rotated = parseAccessConfig({ DUCKQUERY_ACCESS_TOKEN: 'another-user-token-0123456', DUCKQUERY_ADMIN_TOKEN: ADMIN });
    expect(sessionRole(key, rotated, claims())).toBeNull();
    // The access token alone now means admin: a 'user' session from before must sign in again.
    expect(sessionRole(key, accessOnly, claims())).toBeNull();
    const admin = issueSession(key, both, ADMIN, NOW)!;
    expect(sessionRole(key, both, verifySession(key, admin.value, NOW)!)).toBe('admin');
  });

  it('is an httpOnly, SameSite=Lax cookie, Secure over https; and is read back from a Cookie header', () => {
    expect(sessionCookieHeader('abc', 60, false)).toBe('duckquery_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax');
    expect(sessionCookieHeader('abc', 60, true)).toMatch(/; Secure$/);
    expect(readSessionCookie('a=1; duckquery_session=v1.x.y; b=2')).toBe('v1.x.y');
    expect(readSessionCookie('a=1')).toBeNull();
    expect(readSessionCookie(null)).toBeNull();
  });
});

describe('authenticate', () => {
  const auth = (headers: Record<string, string>, config = both) => authenticate(new Headers(headers), config, () => key);

  it('lets everyone in as admin when no token is configured', () => {
    expect(auth({}, parseAccessConfig({}))).toEqual({ ok: true, principal: { role: 'admin', actor: 'anonymous', via: 'open' } });
  });

  it('takes a bearer token or a session cookie; a wrong bearer does not fall back to the cookie', () => {
    const cookie = `duckquery_session=${issueSession(key, both, ADMIN)!.value}`;
    expect(auth({})).toEqual({ ok: false, reason: 'missing' });
    expect(auth({ authorization: `Bearer ${USER}` })).toEqual({ ok: true, principal: { role: 'user', actor: 'user', via: 'bearer' } });
    expect(auth({ authorization: `bearer ${ADMIN}` })).toMatchObject({ ok: true, principal: { role: 'admin' } });
    expect(auth({ cookie })).toEqual({ ok: true, principal: { role: 'admin', actor: 'admin', via: 'session' } });
    expect(auth({ authorization: 'Bearer wrong-wrong-wrong-wrong', cookie })).toEqual({ ok: false, reason: 'invalid' });
    expect(auth({ authorization: `Basic ${Buffer.from(`x:${USER}`).toString('base64')}` })).toEqual({ ok: false, reason: 'invalid' });
    expect(auth({ cookie: 'duckquery_session=v1.forged.sig' })).toEqual({ ok: false, reason: 'invalid' });
  });
});
