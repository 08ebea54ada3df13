import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueryApp, type QueryApp } from './query-test-app';

const RUNAWAY = 'SELECT count(*) FROM range(1000000000000)';

let t: QueryApp;
beforeAll(async () => {
  t = await openQueryApp({ DUCKQUERY_QUERY_TIMEOUT_MS: '800', DUCKQUERY_MAX_CONCURRENT_QUERIES: '2' });
});
afterAll(() => t.close());

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('runaway queries are stopped; the server stays responsive', () => {
  it('interrupts a runaway query at the timeout, while other queries and the event loop carry on', async () => {
    const started = performance.now();
    const runaway = t.caller.query.run({ sql: RUNAWAY }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const quickStarted = performance.now();
    expect((await t.caller.query.run({ sql: 'SELECT 42' })).rows).toEqual([[42]]);
    expect(performance.now() - quickStarted).toBeLessThan(500);
    const timerStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(performance.now() - timerStarted).toBeLessThan(200); // the event loop is not blocked
    expect(await runaway).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/800 ms/) });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('cancels a running query by its id', async () => {
    const running = t.caller.query.run({ sql: RUNAWAY, queryId: 'cancel-me' }).catch((error: unknown) => error);
    await until(async () => (await t.caller.query.running()).some((q) => q.queryId === 'cancel-me'));
    expect(await t.caller.query.cancel({ queryId: 'cancel-me' })).toEqual({ queryId: 'cancel-me', cancelled: true });
    expect(await running).toMatchObject({ code: 'CLIENT_CLOSED_REQUEST', message: expect.stringMatching(/cancelled/) });
    expect(await t.caller.query.cancel({ queryId: 'cancel-me' })).toEqual({ queryId: 'cancel-me', cancelled: false });
    expect(await t.caller.query.running()).toEqual([]);
  });

  it('refuses a query while max_concurrent queries run, then runs again once they end', async () => {
    const first = t.caller.query.run({ sql: RUNAWAY, queryId: 'a' }).catch((error: unknown) => error);
    const second = t.caller.query.run({ sql: RUNAWAY, queryId: 'b' }).catch((error: unknown) => error);
    await until(async () => (await t.caller.query.running()).length === 2);
    await expect(t.caller.query.run({ sql: 'SELECT 1' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/DUCKQUERY_MAX_CONCURRENT_QUERIES = 2/),
    });
    await expect(t.caller.query.run({ sql: RUNAWAY, queryId: 'a' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await first).toMatchObject({ code: 'TIMEOUT' });
    expect(await second).toMatchObject({ code: 'TIMEOUT' });
    expect((await t.caller.query.run({ sql: 'SELECT 1' })).rows).toEqual([[1]]);
  });

  it('rolls back a batch stopped half-way, and audits the failed write', async () => {
    const error = await t.caller.query.run({ sql: `CREATE TABLE half_done AS SELECT 1 AS x; ${RUNAWAY}` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    await expect(t.caller.query.run({ sql: 'SELECT * FROM half_done' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const audit = await t.caller.migrations.auditLog({ action: 'query.write', outcome: 'error' });
    expect(audit.items[0]?.details).toMatchObject({ sql: expect.stringContaining('half_done'), error: expect.stringMatching(/800 ms/) });
  });
});
