import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp } from '../helpers/test-app';

describe('query rate limit', () => {
  let t: Awaited<ReturnType<typeof openTestApp>>;
  beforeAll(async () => {
    process.env.DUCKQUERY_RATE_LIMIT_QUERY = '3,-';
    t = await openTestApp();
  });
  afterAll(() => {
    delete process.env.DUCKQUERY_RATE_LIMIT_QUERY;
    t.close();
  });

  it('answers TOO_MANY_REQUESTS once a client has run its queries for the minute', async () => {
    for (let i = 0; i < 3; i++) await t.caller.query.run({ sql: 'SELECT 1' });
    await expect(t.caller.query.run({ sql: 'SELECT 1' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });
});
