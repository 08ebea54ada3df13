import fs from 'node:fs';
import path from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '@/server/api/root';
import { acquireE2eLock, buildIfStale, startServer, type RunningServer } from '../helpers/built-server';
import { makeTempDirs } from '../helpers/test-database';

/** End to end against `next build` + `next start`: the real bundles, HTTP, and a restart. */
const dirs = makeTempDirs('duckquery-e2e-');
let server: RunningServer;
let releaseLock: () => void = () => undefined;
const timings: Record<string, number> = {};

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

const trpcFor = (baseUrl: string) =>
  createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${baseUrl}/api/trpc`, transformer: superjson })] });

async function rest(method: string, urlPath: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${urlPath}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  releaseLock = await acquireE2eLock();
  timings.build = Math.round(buildIfStale());
  server = await timed('start', () => startServer(dirs));
}, 300_000);

afterAll(async () => {
  await server?.stop();
  releaseLock();
  dirs.cleanup();
  console.log(`[e2e timings, ms] ${JSON.stringify(timings)}`);
});

describe('the built server', () => {
  let favoriteId = '';

  it('answers GET /health 200 after opening the database in its data dir', async () => {
    const res = await rest('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', timestamp: expect.any(String) });
    expect(Math.abs(Date.parse(res.body.timestamp) - Date.now())).toBeLessThan(60_000);
    expect(fs.existsSync(path.join(dirs.dataDir, 'duckquery.duckdb'))).toBe(true);
  });

  it('creates and lists a favorite over tRPC HTTP with superjson (dates arrive as Dates)', async () => {
    const trpc = trpcFor(server.baseUrl);
    const created = await trpc.favorites.create.mutate({ name: 'e2e hot', sql: 'SELECT 42', tags: ['e2e'] });
    expect(created.created_at).toBeInstanceOf(Date);
    favoriteId = created.id;
    const page = await trpc.favorites.list.query({ tag: 'e2e' });
    expect(page.items.map((f) => f.id)).toEqual([favoriteId]);
  });

  it('maps domain errors to their status in the real bundles (the app is built by the instrumentation bundle)', async () => {
    const duplicate = await fetch(`${server.baseUrl}/api/trpc/favorites.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { name: 'e2e hot', sql: 'SELECT 1' } }),
    });
    expect(duplicate.status).toBe(409);
    expect(((await duplicate.json()) as any).error.json.message).toBe("A favorite named 'e2e hot' already exists");
    const rest400 = await rest('POST', '/api/sql-favorites', { name: 'e2e hot', sql: 'SELECT 1', type: 'duckdb' });
    expect(rest400.status).toBe(400);
    expect(rest400.body.detail).toMatch(/already exists/);
    expect((await rest('DELETE', '/api/sql-favorites/no-such-id')).status).toBe(404);
    expect(server.output()).not.toMatch(/Internal error|failed: A favorite named/);
  });

  it('loses no update when 16 clients each POST /use 100 times at once', async () => {
    await timed('1600 uses', () =>
      Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = 0; i < 100; i++) {
            const res = await fetch(`${server.baseUrl}/api/sql-favorites/${favoriteId}/use`, { method: 'POST' });
            if (res.status !== 200) throw new Error(`use answered ${res.status}: ${await res.text()}`);
            await res.arrayBuffer();
          }
        }),
      ),
    );
    const list = await rest('GET', '/api/sql-favorites');
    expect(list.body.data.find((f: { id: string }) => f.id === favoriteId).usage_count).toBe(1600);
  }, 120_000);

  it('masks a saved password over HTTP', async () => {
    const res = await rest('POST', '/api/database_connections', { id: 'e2e-pg', type: 'postgresql', params: { host: 'h', password: 'e2e-secret' } });
    expect(res.status).toBe(200);
    expect(res.body.connection.params.password).toBe('********');
    expect(JSON.stringify(await rest('GET', '/api/database_connections'))).not.toContain('e2e-secret');
    expect(server.output()).not.toContain('e2e-secret');
  });

  it('keeps every acknowledged write across a crash (SIGKILL) and restart on the same data dir', async () => {
    await server.crash();
    server = await timed('restart', () => startServer(dirs));
    const favorite = (await rest('GET', '/api/sql-favorites')).body.data.find((f: { id: string }) => f.id === favoriteId);
    expect(favorite).toMatchObject({ name: 'e2e hot', usage_count: 1600 });
    expect((await trpcFor(server.baseUrl).favorites.get.query({ id: favoriteId })).usage_count).toBe(1600);
    expect((await rest('GET', '/api/database_connections/e2e-pg')).body.connection.params.password).toBe('********');
  });

  it('starts again after a clean stop (SIGTERM closes and checkpoints the database)', async () => {
    await server.stop();
    server = await timed('restart-after-stop', () => startServer(dirs));
    expect((await trpcFor(server.baseUrl).favorites.get.query({ id: favoriteId })).usage_count).toBe(1600);
  });
});
