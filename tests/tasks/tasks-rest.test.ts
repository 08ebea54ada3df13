import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as asyncQueryRoute from '@/app/api/async_query/route';
import * as listRoute from '@/app/api/async_tasks/route';
import * as taskRoute from '@/app/api/async_tasks/[id]/route';
import * as cancelRoute from '@/app/api/async_tasks/[id]/cancel/route';
import * as retryRoute from '@/app/api/async_tasks/[id]/retry/route';
import * as downloadRoute from '@/app/api/async-tasks/[id]/download/route';
import * as executeRoute from '@/app/api/duckdb/execute/route';
import { getApp } from '@/server/db/instance';
import { expectLegacyError, idParams, ISO_8601, jsonRequest, read, useTempAppEnv, validationProblems } from '../helpers/rest-env';
import { fileSourceRow, LONG_QUERY, rows, tablesLike, until } from './task-test-helpers';

const env = useTempAppEnv('duckquery-tasks-rest-');
process.env.DUCKQUERY_RATE_LIMIT_QUERY = 'off';
afterAll(() => env.cleanup());

const TASK_KEYS = [
  'completed_at', 'created_at', 'custom_table_name', 'datasource', 'error_message', 'execution_time', 'last_retry_id', 'metadata',
  'query', 'result_file_path', 'result_info', 'retry_of', 'started_at', 'status', 'task_id', 'task_type',
].sort();

const submit = (body: unknown) => read(asyncQueryRoute.POST(jsonRequest('POST', '/api/async_query', body)));
const getTask = (id: string) => read(taskRoute.GET(jsonRequest('GET', `/api/async_tasks/${id}`), idParams(id)));
const cancel = (id: string, body?: unknown) => read(cancelRoute.POST(jsonRequest('POST', `/api/async_tasks/${id}/cancel`, body), idParams(id)));
const retry = (id: string, body?: unknown) => read(retryRoute.POST(jsonRequest('POST', `/api/async_tasks/${id}/retry`, body), idParams(id)));
const download = (id: string, body: unknown) => downloadRoute.POST(jsonRequest('POST', `/api/async-tasks/${id}/download`, body), idParams(id));
const ended = (id: string) => until(() => getTask(id), (r) => ['success', 'failed', 'cancelled'].includes(r.body.task?.status));

beforeAll(async () => {
  const res = await read(executeRoute.POST(jsonRequest('POST', '/api/duckdb/execute', { sql: `CREATE TABLE sales AS SELECT range AS id, range % 4 AS region, range * 2 AS amount FROM range(1000)` })));
  expect(res.status).toBe(200);
});

describe('POST /api/async_query', () => {
  it('queues the query and answers {success, task_id, message}; the table and its file-source row land in DuckDB', async () => {
    const res = await submit({ sql: 'SELECT region, sum(amount) AS total FROM sales GROUP BY region', custom_table_name: 'region_totals', task_type: 'query', datasource: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, task_id: expect.stringMatching(/^[0-9a-f]{32}$/), message: expect.stringMatching(/region_totals/), table_name: 'region_totals' });
    const done = await ended(res.body.task_id);
    expect(done.body.task.status).toBe('success');

    const { database } = await getApp();
    expect(await rows(database, 'SELECT count(*) AS n, sum(total) AS s FROM region_totals')).toEqual([{ n: 4n, s: 999000n }]);
    expect(await fileSourceRow(database, 'region_totals')).toMatchObject({ file_type: 'duckdb_async_query', row_count: 4n, column_count: 2, filename: `async_query_${res.body.task_id}` });
  });

  it('names the table async_result_<id> without a custom name', async () => {
    const res = await submit({ sql: 'SELECT 7 AS seven' });
    const done = await ended(res.body.task_id);
    expect(done.body.task.result_info.table_name).toBe(`async_result_${res.body.task_id}`);
    expect(done.body.task.result_file_path).toBe(`duckdb://async_result_${res.body.task_id}`);
  });

  it('answers 403 for a write statement, 400 for a taken name, 404 for an unknown connection, 422 without sql — and queues nothing', async () => {
    const { database } = await getApp();
    const before = await rows(database, 'SELECT count(*) AS n FROM system_async_tasks');
    expectLegacyError(await submit({ sql: 'DELETE FROM sales' }), 403, 'FORBIDDEN');
    expectLegacyError(await submit({ sql: 'SELECT 1', custom_table_name: 'sales' }), 400, 'CONFLICT');
    const external = await submit({ sql: 'SELECT 1', datasource: { id: 'pg1', type: 'postgresql', name: 'Warehouse' } });
    expectLegacyError(external, 404, 'NOT_FOUND');
    expect(external.body.detail).toBe("Connection 'pg1' was not found");
    expect(validationProblems(await submit({ custom_table_name: 'x' }))).toEqual([['body.sql', 'missing']]);
    expect(await rows(database, 'SELECT count(*) AS n FROM system_async_tasks')).toEqual(before);
    expect(await rows(database, 'SELECT count(*) AS n FROM sales')).toEqual([{ n: 1000n }]);
  });
});

describe('GET /api/async_tasks and /api/async_tasks/{id}', () => {
  it('answers the legacy task shape, timestamps as ISO strings', async () => {
    const res = await submit({ sql: 'SELECT 1 AS one', custom_table_name: 'shape_check' });
    const { status, body } = await ended(res.body.task_id);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['success', 'task']);
    expect(Object.keys(body.task).sort()).toEqual(TASK_KEYS);
    expect(body.task).toMatchObject({
      task_id: res.body.task_id,
      status: 'success',
      query: 'SELECT 1 AS one',
      task_type: 'query',
      datasource: null,
      error_message: null,
      custom_table_name: 'shape_check',
      result_file_path: 'duckdb://shape_check',
      result_info: { status: 'success', table_name: 'shape_check', row_count: 1, column_count: 1, columns: [{ name: 'one', type: 'INTEGER' }] },
      metadata: { progress_id: expect.any(String) },
    });
    for (const key of ['created_at', 'started_at', 'completed_at']) expect(body.task[key]).toMatch(ISO_8601);
    expect(typeof body.task.execution_time).toBe('number');
  });

  it('lists {success, tasks, count}, newest first, honouring ?limit', async () => {
    const all = await read(listRoute.GET(jsonRequest('GET', '/api/async_tasks')));
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(all.body.tasks.length);
    expect(all.body.count).toBeGreaterThanOrEqual(3);
    const one = await read(listRoute.GET(jsonRequest('GET', '/api/async_tasks?limit=1')));
    expect(one.body).toMatchObject({ success: true, count: 1, tasks: [{ task_id: all.body.tasks[0].task_id }] });
    expect(validationProblems(await read(listRoute.GET(jsonRequest('GET', '/api/async_tasks?limit=lots'))))).toEqual([['query.limit', 'invalid_type']]);
  });

  it('answers 404 for an unknown task, also for an id no task could have', async () => {
    expectLegacyError(await getTask('no_such_task'), 404, 'NOT_FOUND');
    for (const id of ['../../etc/passwd', "x' OR '1'='1", '任务.1']) {
      expectLegacyError(await getTask(id), 404, 'NOT_FOUND');
      expectLegacyError(await read(download(id, { format: 'csv' })), 404, 'NOT_FOUND');
    }
  });
});

describe('POST /api/async_tasks/{id}/cancel and /retry', () => {
  it('cancels a running query (no body needed), leaving nothing; a second cancel is 400; a retry runs it again', async () => {
    const res = await submit({ sql: LONG_QUERY, custom_table_name: 'cancelled_result' });
    await until(() => getTask(res.body.task_id), (r) => r.body.task.status === 'running');
    const asked = performance.now();
    const cancelled = await cancel(res.body.task_id);
    expect(performance.now() - asked).toBeLessThan(3000);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ success: true, task_id: res.body.task_id, message: expect.stringMatching(/cancelled/) });
    expect((await getTask(res.body.task_id)).body.task).toMatchObject({ status: 'cancelled', error_message: 'Cancelled: cancelled by the user' });
    const { database } = await getApp();
    expect(await rows(database, 'SELECT status FROM system_async_tasks WHERE task_id = $1', [res.body.task_id])).toEqual([{ status: 'cancelled' }]);
    expect(await tablesLike(database, 'cancelled_result')).toEqual([]);
    expect(await fileSourceRow(database, 'cancelled_result')).toBeNull();
    expectLegacyError(await cancel(res.body.task_id, { reason: 'again' }), 400, 'BAD_REQUEST');
    expectLegacyError(await cancel('no_such_task'), 404, 'NOT_FOUND');

    const retried = await retry(res.body.task_id, { override_sql: 'SELECT 5 AS five' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ success: true, task_id: expect.any(String), retry_of: res.body.task_id });
    expect(retried.body.task_id).not.toBe(res.body.task_id);
    const done = await ended(retried.body.task_id);
    expect(done.body.task).toMatchObject({ status: 'success', retry_of: res.body.task_id, query: 'SELECT 5 AS five', result_info: { table_name: 'cancelled_result' } });
    expect((await getTask(res.body.task_id)).body.task.last_retry_id).toBe(retried.body.task_id);
    expect(await rows(database, 'SELECT last_retry_id, retry_of FROM system_async_tasks WHERE task_id IN ($1, $2) ORDER BY created_at', [res.body.task_id, retried.body.task_id])).toEqual([
      { last_retry_id: retried.body.task_id, retry_of: null },
      { last_retry_id: null, retry_of: res.body.task_id },
    ]);
    expectLegacyError(await retry('no_such_task'), 404, 'NOT_FOUND');
  });
});

describe('POST /api/async-tasks/{id}/download', () => {
  it('streams the CSV and the Parquet file DuckDB wrote; 400 for other formats or unfinished tasks; 404 unknown', async () => {
    const res = await submit({ sql: 'SELECT id, region FROM sales WHERE id < 3 ORDER BY id', custom_table_name: '销售_sample' });
    await ended(res.body.task_id);

    const csv = await download(res.body.task_id, { format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="___sample.csv"; filename*=UTF-8''${encodeURIComponent('销售_sample.csv')}`);
    const csvText = await csv.text();
    expect(csvText).toBe('id,region\n0,0\n1,1\n2,2\n');
    expect(csv.headers.get('content-length')).toBe(String(Buffer.byteLength(csvText)));

    const parquet = await download(res.body.task_id, { format: 'parquet' });
    expect(parquet.status).toBe(200);
    expect(parquet.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = Buffer.from(await parquet.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(bytes.subarray(-4).toString()).toBe('PAR1');
    expect(bytes.length).toBe(Number(parquet.headers.get('content-length')));

    const bad = await read(download(res.body.task_id, { format: 'xlsx' }));
    expectLegacyError(bad, 400, 'BAD_REQUEST');
    expect(bad.body.detail).toMatch(/use csv or parquet/);
    expectLegacyError(await read(download('no_such_task', { format: 'csv' })), 404, 'NOT_FOUND');

    const running = await submit({ sql: LONG_QUERY });
    await until(() => getTask(running.body.task_id), (r) => r.body.task.status === 'running');
    expectLegacyError(await read(download(running.body.task_id, { format: 'csv' })), 400, 'BAD_REQUEST');
    await cancel(running.body.task_id);
  });
});
