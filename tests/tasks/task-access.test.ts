import { afterAll, describe, expect, it } from 'vitest';
import * as asyncQueryRoute from '@/app/api/async_query/route';
import * as taskRoute from '@/app/api/async_tasks/[id]/route';
import * as listRoute from '@/app/api/async_tasks/route';
import * as cancelRoute from '@/app/api/async_tasks/[id]/cancel/route';
import { getApp } from '@/server/db/instance';
import { expectLegacyError, read, useTempAppEnv } from '../helpers/rest-env';
import { ADMIN_TOKEN, BASE, bearer, enableAccessControl, USER_TOKEN } from '../auth/access-helpers';
import { until } from './task-test-helpers';

const env = useTempAppEnv('duckquery-tasks-access-');
enableAccessControl({ DUCKQUERY_USER_SQL_WRITES: 'false', DUCKQUERY_RATE_LIMIT_QUERY: 'off' });
afterAll(() => env.cleanup());

const request = (method: string, path: string, token: string | null, body?: unknown) =>
  new Request(`${BASE}${path}`, {
    method,
    headers: { host: '127.0.0.1:3000', origin: BASE, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? bearer(token) : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const submit = (token: string | null, body: unknown) => read(asyncQueryRoute.POST(request('POST', '/api/async_query', token, body)));
const getTask = (token: string, id: string) => read(taskRoute.GET(request('GET', `/api/async_tasks/${id}`, token), { params: Promise.resolve({ id }) }));

describe('who may run, see and cancel tasks', () => {
  it('needs credentials; a user without SQL write rights cannot save a result as a table; the admin can', async () => {
    expect((await submit(null, { sql: 'SELECT 1' })).status).toBe(401);
    const refused = await submit(USER_TOKEN, { sql: 'SELECT 1 AS x', custom_table_name: 'users_try' });
    expectLegacyError(refused, 403, 'FORBIDDEN');
    expect(refused.body.detail).toMatch(/needs write rights/);
    const { database } = await getApp();
    expect((await database.read(async (c) => (await c.runAndReadAll('SELECT count(*) FROM system_async_tasks')).getRowsJS()))[0]![0]).toBe(0n);

    const accepted = await submit(ADMIN_TOKEN, { sql: 'SELECT 1 AS x', custom_table_name: 'admins_result' });
    expect(accepted.status).toBe(200);
    await until(() => getTask(ADMIN_TOKEN, accepted.body.task_id), (r) => r.body.task.status === 'success');
  });

  it("hides the admin's tasks from the user role: 404 to read or cancel, absent from the list", async () => {
    const admins = await read(listRoute.GET(request('GET', '/api/async_tasks', ADMIN_TOKEN)));
    const id = admins.body.tasks[0].task_id as string;
    expectLegacyError(await getTask(USER_TOKEN, id), 404, 'NOT_FOUND');
    expectLegacyError(await read(cancelRoute.POST(request('POST', `/api/async_tasks/${id}/cancel`, USER_TOKEN), { params: Promise.resolve({ id }) })), 404, 'NOT_FOUND');
    expect((await read(listRoute.GET(request('GET', '/api/async_tasks', USER_TOKEN)))).body).toEqual({ success: true, tasks: [], count: 0 });
  });
});
