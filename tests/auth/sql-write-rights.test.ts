import { afterAll, describe, expect, it } from 'vitest';
import { POST as execute } from '@/app/api/duckdb/execute/route';
import { read, useTempAppEnv } from '../helpers/rest-env';
import { ADMIN_TOKEN, BASE, bearer, enableAccessControl, USER_TOKEN } from './access-helpers';

const env = useTempAppEnv('duckquery-auth-sql-writes-');
enableAccessControl({ DUCKQUERY_USER_SQL_WRITES: 'false' });
afterAll(() => env.cleanup());

const run = (token: string, sql: string) =>
  read(
    execute(
      new Request(`${BASE}/api/duckdb/execute`, {
        method: 'POST',
        headers: { host: '127.0.0.1:3000', origin: BASE, 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify({ sql, is_preview: false }),
      }),
    ),
  );

describe('DUCKQUERY_USER_SQL_WRITES=false: a read-only SQL box for the user role', () => {
  it('lets the admin create a table, and the user read it but not write', async () => {
    expect((await run(ADMIN_TOKEN, 'CREATE TABLE shared_numbers AS SELECT range AS n FROM range(5)')).status).toBe(200);

    const read = await run(USER_TOKEN, 'SELECT sum(n) AS total FROM shared_numbers');
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual([{ total: 10 }]);

    for (const write of ['CREATE TABLE mine AS SELECT 1', 'DELETE FROM shared_numbers', 'DROP TABLE shared_numbers']) {
      const refused = await run(USER_TOKEN, write);
      expect({ write, status: refused.status }).toEqual({ write, status: 403 });
      expect(refused.body.detail).toMatch(/needs write rights/);
    }
    expect((await run(ADMIN_TOKEN, 'SELECT count(*) AS n FROM shared_numbers')).body.data).toEqual([{ n: 5 }]);
  });
});
