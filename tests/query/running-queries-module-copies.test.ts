import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../helpers/test-database';

type QueryServiceModule = typeof import('@/server/query/query-service');

/** A fresh copy of the module, as Next.js loads one per route bundle (tRPC, /api/execute_sql, …). */
async function freshCopy(): Promise<QueryServiceModule> {
  vi.resetModules();
  return import('@/server/query/query-service');
}

let db: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

it('every route bundle counts running queries in the same registry, so the concurrency limit is per process', async () => {
  const trpcRoute = await freshCopy();
  const legacyRoute = await freshCopy();
  expect(legacyRoute).not.toBe(trpcRoute);
  expect(legacyRoute.runningQueriesOf(db.database, 4)).toBe(trpcRoute.runningQueriesOf(db.database, 4));
});
