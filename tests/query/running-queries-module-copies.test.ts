import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/test-database';
import { freshModuleCopy } from '../helpers/fresh-module-copy';

const freshCopy = () => freshModuleCopy(() => import('@/server/query/query-service'));

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
