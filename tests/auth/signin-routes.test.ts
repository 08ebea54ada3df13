import { afterAll, describe, expect, it } from 'vitest';
import { POST as signIn } from '@/app/api/auth/signin/route';
import { POST as signOut } from '@/app/api/auth/signout/route';
import { GET as session } from '@/app/api/auth/session/route';
import { listAudit } from '@/server/audit/audit-log';
import { withPeerAddress } from '@/server/auth/client-address';
import { getApp } from '@/server/db/instance';
import { useTempAppEnv } from '../helpers/rest-env';
import { ADMIN_TOKEN, BASE, enableAccessControl, json, USER_TOKEN } from './access-helpers';

const env = useTempAppEnv('duckquery-auth-signin-');
enableAccessControl({ DUCKQUERY_RATE_LIMIT_SIGNIN: '6,-' });
afterAll(() => env.cleanup());

const form = (fields: Record<string, string>, headers: Record<string, string> = {}, ip = '192.0.2.10') =>
  signIn(
    new Request(`${BASE}/api/auth/signin`, {
      method: 'POST',
      headers: withPeerAddress({ host: '127.0.0.1:3000', origin: BASE, 'content-type': 'application/x-www-form-urlencoded', ...headers }, ip),
      body: new URLSearchParams(fields).toString(),
    }),
  );

const cookieOf = (res: Response) => res.headers.get('set-cookie') ?? '';

describe('sign-in, sign-out and session routes', () => {
  it('a good token: 303 back to a local `next`, with an httpOnly SameSite session cookie that holds no token', async () => {
    const res = await form({ token: USER_TOKEN, next: '/tables?x=1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/tables?x=1');
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^duckquery_session=v1\.[\w-]+\.[\w-]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toContain(USER_TOKEN);

    const who = await json(await session(new Request(`${BASE}/api/auth/session`, { headers: { cookie: cookie.split(';')[0]! } })));
    expect(who.body).toEqual({ success: true, access_control: true, authenticated: true, role: 'user', via: 'session' });
  });

  it('never redirects off-site', async () => {
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      expect((await form({ token: ADMIN_TOKEN, next })).headers.get('location')).toBe('/');
    }
  });

  it('a wrong token: back to /signin with an error, no cookie', async () => {
    const res = await form({ token: 'wrong-token-wrong-token', next: '/x' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?error=invalid&next=%2Fx');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a sign-in form posted from another site', async () => {
    const res = await form({ token: ADMIN_TOKEN }, { origin: 'https://evil.example' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?error=origin');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('JSON sign-in for API clients; Secure cookie behind a trusted https proxy', async () => {
    process.env.DUCKQUERY_TRUST_PROXY = 'true';
    try {
      const res = await signIn(
        new Request(`${BASE}/api/auth/signin`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5' },
          body: JSON.stringify({ token: ADMIN_TOKEN }),
        }),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ success: true, access_control: true, role: 'admin', expires_in: 43200 });
      expect(cookieOf(res)).toMatch(/; Secure$/);
    } finally {
      delete process.env.DUCKQUERY_TRUST_PROXY;
    }
  });

  it('records every sign-in in the audit log with the client address, never the token', async () => {
    const app = await getApp();
    const rows = (await listAudit(app.database, { action: 'auth.signin', limit: 100, offset: 0 })).items;
    expect(rows.filter((r) => r.outcome === 'ok').length).toBeGreaterThanOrEqual(5);
    expect(rows.find((r) => r.outcome === 'error')).toMatchObject({ actor: 'anonymous', details: { ip: '192.0.2.10', via: 'form', reason: 'wrong token' } });
    expect(rows.find((r) => r.details.ip === '203.0.113.5')).toMatchObject({ actor: 'admin', outcome: 'ok', details: { via: 'json', role: 'admin' } });
    const text = JSON.stringify(rows);
    expect(text).not.toContain(USER_TOKEN);
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(text).not.toContain('wrong-token-wrong-token');
  });

  it('limits sign-in attempts per client address (form: back to /signin with Retry-After)', async () => {
    const ip = '198.51.100.7';
    const outcomes: (string | null)[] = [];
    for (let i = 0; i < 8; i++) outcomes.push((await form({ token: 'guess-guess-guess-guess' }, {}, ip)).headers.get('location'));
    expect(outcomes.slice(0, 6).every((l) => l === '/signin?error=invalid')).toBe(true);
    expect(outcomes.slice(6)).toEqual(['/signin?error=rate_limited', '/signin?error=rate_limited']);
    expect((await form({ token: 'guess-guess-guess-guess' }, {}, ip)).headers.get('retry-after')).toMatch(/^\d+$/);
    // Another address is not affected.
    expect((await form({ token: USER_TOKEN }, {}, '198.51.100.8')).headers.get('location')).toBe('/');
  });

  it('sign-out clears the cookie', async () => {
    const res = await signOut(
      new Request(`${BASE}/api/auth/signout`, { method: 'POST', headers: { host: '127.0.0.1:3000', origin: BASE, 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin');
    expect(cookieOf(res)).toMatch(/^duckquery_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
  });
});
