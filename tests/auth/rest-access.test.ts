import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as connectionTest from '@/app/api/database_connections/test/route';
import * as connectionById from '@/app/api/database_connections/[id]/route';
import * as favorites from '@/app/api/sql-favorites/route';
import { expectLegacyError, idParams, useTempAppEnv } from '../helpers/rest-env';
import { ADMIN_TOKEN, allRouteHandlers, BASE, bearer, enableAccessControl, json, sessionCookie, TRUSTED_ORIGIN, USER_TOKEN, type RouteHandler } from './access-helpers';

const env = useTempAppEnv('duckquery-auth-rest-');
enableAccessControl({ DUCKQUERY_RATE_LIMIT_CONNECTION_TEST: '3,-' });
afterAll(() => env.cleanup());

/** Routes that must answer without credentials: sign-in itself, and the health probe. */
const OPEN_ROUTES = new Set(['/api/auth/signin', '/api/auth/signout', '/api/auth/session', '/health']);
/** tRPC answers in its own shape: tests/auth/trpc-access.test.ts covers each procedure. */
const TRPC_ROUTE = '/api/trpc/[trpc]';

let guarded: RouteHandler[] = [];
beforeAll(async () => {
  guarded = (await allRouteHandlers()).filter((h) => !OPEN_ROUTES.has(h.route) && h.route !== TRPC_ROUTE);
});

const jsonInit = (method: string, headers: Record<string, string> = {}) =>
  method === 'GET' || method === 'HEAD' ? { headers } : { headers: { 'content-type': 'application/json', ...headers }, body: '{}' };

describe('REST shims with an access token configured', () => {
  it('finds the shims on disk', () => {
    expect(guarded.length).toBeGreaterThanOrEqual(12);
    expect(guarded.map((h) => `${h.method} ${h.route}`)).toContain('DELETE /api/database_connections/[id]');
  });

  it('every shim answers 401 in the legacy shape without credentials, and with a wrong token or a forged cookie', async () => {
    for (const credentials of <Record<string, string>[]>[{}, bearer('wrong-token-wrong-token-wrong'), { cookie: 'duckquery_session=v1.eyJyIjoiYWRtaW4ifQ.AAAA' }]) {
      for (const handler of guarded) {
        const res = await json(await handler.call(jsonInit(handler.method, { ...credentials, origin: BASE })));
        expect({ route: `${handler.method} ${handler.route}`, status: res.status }).toEqual({ route: `${handler.method} ${handler.route}`, status: 401 });
        expectLegacyError(res, 401, 'UNAUTHORIZED');
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
  });

  it('the sign-in routes and /health stay open', async () => {
    const open = (await allRouteHandlers()).filter((h) => OPEN_ROUTES.has(h.route));
    expect(open.map((h) => h.route).sort()).toEqual([...OPEN_ROUTES].sort());
    const session = await json(await open.find((h) => h.route === '/api/auth/session')!.call({}));
    expect(session.body).toEqual({ success: true, access_control: true, authenticated: false, role: null, via: null });
  });

  it('a user token works on user routes and is refused (403) on admin actions', async () => {
    const created = await json(
      await favorites.POST(
        new Request(`${BASE}/api/sql-favorites`, { method: 'POST', headers: { ...bearer(USER_TOKEN), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'mine', sql: 'SELECT 1' }) }),
      ),
    );
    expect(created.status).toBe(200);
    const del = (token: string) =>
      connectionById.DELETE(new Request(`${BASE}/api/database_connections/nope`, { method: 'DELETE', headers: bearer(token) }), idParams('nope'));
    expectLegacyError(await json(await del(USER_TOKEN)), 403, 'FORBIDDEN');
    expectLegacyError(await json(await del(ADMIN_TOKEN)), 404, 'NOT_FOUND');
  });

  describe('CSRF', () => {
    const post = (headers: Record<string, string>, body = JSON.stringify({ name: `f-${Math.random()}`, sql: 'SELECT 1' })) =>
      favorites.POST(new Request(`${BASE}/api/sql-favorites`, { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers }, body }));
    let cookie = '';
    beforeAll(async () => {
      cookie = await sessionCookie(USER_TOKEN);
    });

    it('refuses a cross-site POST carrying a valid session cookie (403)', async () => {
      expectLegacyError(await json(await post({ cookie, origin: 'https://evil.example', 'content-type': 'application/json' })), 403, 'FORBIDDEN');
      expectLegacyError(await json(await post({ cookie, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' })), 403, 'FORBIDDEN');
      expectLegacyError(await json(await post({ cookie, 'content-type': 'application/json' })), 403, 'FORBIDDEN');
    });

    it('accepts the same POST from this origin and from a trusted origin', async () => {
      expect((await post({ cookie, origin: BASE, 'content-type': 'application/json' })).status).toBe(200);
      expect((await post({ cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' })).status).toBe(200);
      expect((await post({ cookie, origin: TRUSTED_ORIGIN, 'content-type': 'application/json' })).status).toBe(200);
    });

    it('accepts a bearer token from a non-browser client (no Origin, no Sec-Fetch-Site)', async () => {
      expect((await post({ ...bearer(USER_TOKEN), 'content-type': 'application/json' })).status).toBe(200);
    });

    it('refuses text/plain and urlencoded bodies (415), even same-origin', async () => {
      expectLegacyError(await json(await post({ cookie, origin: BASE, 'content-type': 'text/plain' })), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectLegacyError(await json(await post({ ...bearer(USER_TOKEN), 'content-type': 'application/x-www-form-urlencoded' }, 'name=x&sql=y')), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('answers 429 with Retry-After past the connection-test rate, and saves nothing when a save-and-test is refused', async () => {
    const test = () =>
      connectionTest.POST(
        new Request(`${BASE}/api/database_connections/test`, {
          method: 'POST',
          headers: { ...bearer(ADMIN_TOKEN), 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'sqlite', params: {} }),
        }),
      );
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof json>> | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await json(await test());
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expectLegacyError(limited!, 429, 'TOO_MANY_REQUESTS');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.body.error.details.retry_after_seconds).toBe(Number(limited!.headers.get('retry-after')));

    const { POST: createConnection } = await import('@/app/api/database_connections/route');
    const refused = await createConnection(
      new Request(`${BASE}/api/database_connections`, {
        method: 'POST',
        headers: { ...bearer(ADMIN_TOKEN), 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'limited', type: 'sqlite', params: {} }),
      }),
    );
    expect(refused.status).toBe(429);
    expectLegacyError(await json(await connectionById.GET(new Request(`${BASE}/api/database_connections/limited`, { headers: bearer(ADMIN_TOKEN) }), idParams('limited'))), 404, 'NOT_FOUND');
  });
});
