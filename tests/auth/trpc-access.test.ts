import superjson from 'superjson';
import { afterAll, describe, expect, it } from 'vitest';
import { GET, POST } from '@/app/api/trpc/[trpc]/route';
import { appRouter, createCaller } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { useTempAppEnv } from '../helpers/rest-env';
import { ADMIN_TOKEN, BASE, bearer, enableAccessControl, sessionCookie, TRUSTED_ORIGIN, USER_TOKEN } from './access-helpers';

const env = useTempAppEnv('duckquery-auth-trpc-');
enableAccessControl({ DUCKQUERY_RATE_LIMIT_CONNECTION_TEST: '2,-' });
afterAll(() => env.cleanup());

/** Admin-only by the issue: migrations (and imports, the audit log) and deleting connections. */
const MUST_BE_ADMIN = ['datasources.delete', 'migrations.'];

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>).map(
  ([path, procedure]) => ({ path, type: procedure._def.type }),
);

/** One procedure over HTTP, as the tRPC client sends it (superjson; GET for queries, JSON POST for mutations). */
async function callOverHttp(path: string, type: string, headers: Record<string, string> = {}, input: unknown = undefined) {
  const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const res =
    type === 'query'
      ? await GET(new Request(`${BASE}/api/trpc/${path}?input=${encoded}`, { headers: { host: '127.0.0.1:3000', ...headers } }))
      : await POST(
          new Request(`${BASE}/api/trpc/${path}`, {
            method: 'POST',
            headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', ...headers },
            body: JSON.stringify(superjson.serialize(input)),
          }),
        );
  const body = (await res.json()) as { error?: { json: { data: { code: string } } }; result?: unknown };
  return { status: res.status, code: body.error?.json.data.code ?? null, headers: res.headers };
}

describe('tRPC with an access token configured', () => {
  it('enumerates the router', () => {
    expect(procedures.length).toBeGreaterThan(20);
    expect(procedures.map((p) => p.path)).toEqual(expect.arrayContaining(['favorites.list', 'datasources.delete', 'migrations.auditLog']));
  });

  it('every procedure answers 401 UNAUTHORIZED without credentials, with a wrong token and with a forged cookie', async () => {
    for (const headers of <Record<string, string>[]>[{}, bearer('wrong-token-wrong-token-wrong'), { cookie: 'duckquery_session=v1.e30.AAAA' }]) {
      for (const { path, type } of procedures) {
        expect({ path, ...(await callOverHttp(path, type, headers)) }).toMatchObject({ path, status: 401, code: 'UNAUTHORIZED' });
      }
    }
  });

  it('an in-process caller built from request headers is refused the same way', async () => {
    const caller = createCaller(await createTRPCContext({ headers: new Headers() }));
    await expect(caller.favorites.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('the user token is FORBIDDEN on every admin procedure; the admin token on none', async () => {
    const forbiddenFor = async (token: string) => {
      const forbidden: string[] = [];
      for (const { path, type } of procedures) if ((await callOverHttp(path, type, bearer(token))).code === 'FORBIDDEN') forbidden.push(path);
      return forbidden;
    };
    const userForbidden = await forbiddenFor(USER_TOKEN);
    const mustBeAdmin = procedures.map((p) => p.path).filter((path) => MUST_BE_ADMIN.some((prefix) => path === prefix || (prefix.endsWith('.') && path.startsWith(prefix))));
    expect(mustBeAdmin.length).toBeGreaterThan(4);
    expect(userForbidden).toEqual(expect.arrayContaining(mustBeAdmin));
    expect(userForbidden).not.toContain('favorites.list');
    expect(await forbiddenFor(ADMIN_TOKEN)).toEqual([]);
  });

  it('accepts the session cookie; refuses it on a cross-site mutation (403) but not from a trusted origin', async () => {
    const cookie = await sessionCookie(USER_TOKEN);
    const create = (headers: Record<string, string>) => callOverHttp('favorites.create', 'mutation', { cookie, ...headers }, { name: `c-${Math.random()}`, sql: 'SELECT 1' });
    expect(await callOverHttp('favorites.list', 'query', { cookie }, {})).toMatchObject({ status: 200 });
    expect(await create({ origin: 'https://evil.example' })).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await create({ 'sec-fetch-site': 'cross-site' })).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await create({ origin: BASE })).toMatchObject({ status: 200 });
    expect(await create({ origin: TRUSTED_ORIGIN })).toMatchObject({ status: 200 });
  });

  it('refuses a text/plain mutation (415) even with a valid token', async () => {
    const res = await POST(
      new Request(`${BASE}/api/trpc/favorites.create`, {
        method: 'POST',
        headers: { host: '127.0.0.1:3000', ...bearer(USER_TOKEN), 'content-type': 'text/plain' },
        body: JSON.stringify(superjson.serialize({ name: 'plain', sql: 'SELECT 1' })),
      }),
    );
    expect(res.status).toBe(415);
  });

  it('answers TOO_MANY_REQUESTS (429) with Retry-After past the connection-test rate', async () => {
    const test = () => callOverHttp('datasources.testParams', 'mutation', bearer(USER_TOKEN), { type: 'sqlite', params: {} });
    expect((await test()).status).toBe(200);
    expect((await test()).status).toBe(200);
    const limited = await test();
    expect(limited).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The admin is another client: not limited by the user's calls.
    expect((await callOverHttp('datasources.testParams', 'mutation', bearer(ADMIN_TOKEN), { type: 'sqlite', params: {} })).status).toBe(200);
  });
});
