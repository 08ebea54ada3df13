import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { principalFor } from '@/server/auth/principal';
import { openTestApp } from '../helpers/test-app';
import { countTaskRows, fileSourceRow, rows, tablesLike, taskRow, until } from './task-test-helpers';

process.env.DUCKQUERY_RATE_LIMIT_QUERY ??= 'off';

let t: Awaited<ReturnType<typeof openTestApp>>;
beforeAll(async () => {
  t = await openTestApp();
  await t.caller.query.run({ sql: `CREATE TABLE orders AS SELECT range AS id, range % 7 AS shop, (range * 1.5)::DOUBLE AS amount, 'n' || range AS note FROM range(5000)` });
});
afterAll(() => t.close());

const finished = (taskId: string) => until(() => t.caller.tasks.get({ taskId }), (task) => ['success', 'failed', 'cancelled'].includes(task.status));

describe('tasks.submit: a query lands in a table with its file-source row', () => {
  it('runs in the background into async_result_<id>, with result_info, timings and progress', async () => {
    const sql = 'SELECT shop, count(*) AS orders, sum(amount) AS total FROM orders GROUP BY shop ORDER BY shop';
    const { task: queued, progressId } = await t.caller.tasks.submit({ sql });
    expect(queued.status).toBe('queued');
    expect(queued.task_id).toMatch(/^[0-9a-f]{32}$/);
    const task = await finished(queued.task_id);
    const table = `async_result_${queued.task_id}`;
    expect(task).toMatchObject({ status: 'success', query: sql, task_type: 'query', error_message: null, actor: 'tester' });
    expect(task.result_info).toEqual({
      status: 'success',
      table_name: table,
      row_count: 7,
      column_count: 3,
      columns: [
        { name: 'shop', type: 'BIGINT' },
        { name: 'orders', type: 'BIGINT' },
        { name: 'total', type: 'DOUBLE' },
      ],
    });
    expect(task.started_at!.getTime()).toBeGreaterThanOrEqual(task.created_at.getTime());
    expect(task.completed_at!.getTime()).toBeGreaterThanOrEqual(task.started_at!.getTime());
    expect(task.execution_time).toBeGreaterThanOrEqual(0);

    // The table and its metadata row, read straight from DuckDB.
    expect(await rows(t.database, `SELECT shop, orders FROM "${table}" ORDER BY shop LIMIT 2`)).toEqual([
      { shop: 0n, orders: 715n },
      { shop: 1n, orders: 715n },
    ]);
    const source = await fileSourceRow(t.database, table);
    expect(source).toMatchObject({ filename: `async_query_${queued.task_id}`, file_type: 'duckdb_async_query', file_path: `duckdb://${table}`, row_count: 7n, column_count: 3 });
    expect(JSON.parse(String(source!.columns))).toEqual(['shop', 'orders', 'total']);
    expect(JSON.parse(String(source!.extra))).toMatchObject({ source_sql: sql, task_id: queued.task_id, source_datasource_type: 'duckdb' });

    const progress = await t.caller.progress.get({ id: progressId });
    expect(progress).toMatchObject({ kind: 'task', state: 'done', rowsDone: 7, result: { taskId: queued.task_id, table } });
  });

  it('sanitises a custom table name and lands there', async () => {
    const { task } = await t.caller.tasks.submit({ sql: 'FROM orders WHERE id < 10', customTableName: 'Q3 report: top/10' });
    expect(task.custom_table_name).toBe('Q3_report_top_10');
    expect((await finished(task.task_id)).result_info).toMatchObject({ table_name: 'Q3_report_top_10', row_count: 10 });
    expect(await fileSourceRow(t.database, 'Q3_report_top_10')).not.toBeNull();
  });

  it.each([
    ['../../x', 'x'],
    ['/etc/passwd', 'etc_passwd'],
    ['system_sql_favorites', 't_system_sql_favorites'],
    ['ѕystem_look_alike', 't_ѕystem_look_alike'],
    ['销售 报表 2024', '销售_报表_2024'],
    ['2024 sales', 't_2024_sales'],
    ['"; DROP TABLE orders; --', 'DROP_TABLE_orders'],
  ])('lands a hostile custom table name %j as the safe name %j, touching nothing else', async (given, safe) => {
    const { task } = await t.caller.tasks.submit({ sql: 'SELECT 1 AS x', customTableName: given });
    expect(task.custom_table_name).toBe(safe);
    expect((await finished(task.task_id)).result_info?.table_name).toBe(safe);
    expect(await rows(t.database, `SELECT x FROM "${safe}"`)).toEqual([{ x: 1 }]);
    expect(await rows(t.database, 'SELECT count(*) AS n FROM orders')).toEqual([{ n: 5000n }]);
    expect(await rows(t.database, 'SELECT count(*) AS n FROM system_sql_favorites')).toEqual([{ n: 0n }]);
  });

  it.each([
    ['a NUL byte', 'bad\u0000name'],
    ['1000 characters', 'n'.repeat(1000)],
    ['nothing', ''],
  ])('refuses a custom table name with %s before queuing anything', async (_what, given) => {
    const before = await countTaskRows(t.database);
    await expect(t.caller.tasks.submit({ sql: 'SELECT 1 AS x', customTableName: given })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await countTaskRows(t.database)).toBe(before);
  });

  it('refuses a taken table name at once (nothing queued), and replaces it when asked to', async () => {
    const before = await countTaskRows(t.database);
    await expect(t.caller.tasks.submit({ sql: 'SELECT 1 AS x', customTableName: 'orders' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/'orders' already exists/),
    });
    expect(await countTaskRows(t.database)).toBe(before);

    const { task: first } = await t.caller.tasks.submit({ sql: 'SELECT 1 AS x', customTableName: 'replace_me' });
    expect((await finished(first.task_id)).status).toBe('success');
    const { task: second } = await t.caller.tasks.submit({ sql: 'SELECT 2 AS y UNION ALL SELECT 3', customTableName: 'replace_me', ifExists: 'replace' });
    expect((await finished(second.task_id)).status).toBe('success');
    expect(await rows(t.database, 'SELECT * FROM replace_me ORDER BY y')).toEqual([{ y: 2 }, { y: 3 }]);
    expect(await fileSourceRow(t.database, 'replace_me')).toMatchObject({ row_count: 2n, filename: `async_query_${second.task_id}` });
  });

  it.each([
    ['an INSERT', 'INSERT INTO orders VALUES (1, 1, 1, 1)', 'FORBIDDEN', /read-only query/],
    ['a CREATE TABLE', 'CREATE TABLE sneaky AS SELECT 1', 'FORBIDDEN', /read-only query/],
    ['a DROP', 'DROP TABLE orders', 'FORBIDDEN', /read-only query/],
    ['an UPDATE of a system table', "UPDATE system_sql_favorites SET sql = 'x'", 'FORBIDDEN', /system_/],
    ['a COPY TO', "COPY orders TO 'x.csv'", 'FORBIDDEN', /Permission Error|exports folder/],
    ['an ATTACH', "ATTACH 'other.duckdb'", 'FORBIDDEN', /ATTACH/],
    ['a file outside the allowed folders', "SELECT * FROM read_csv('/etc/passwd')", 'FORBIDDEN', /Permission|refused/i],
    ['a state-changing function', 'SELECT * FROM checkpoint()', 'FORBIDDEN', /checkpoint/],
    ['two statements', 'SELECT 1; SELECT 2', 'BAD_REQUEST', /exactly one SELECT/],
    ['a syntax error', 'SELEKT 1', 'BAD_REQUEST', /syntax error/],
    ['an unknown table', 'SELECT * FROM no_such_table', 'BAD_REQUEST', /no_such_table/],
    ['a statement that cannot be saved as a table', 'DESCRIBE orders', 'BAD_REQUEST', /cannot be saved as a table/],
  ])('refuses %s before queuing anything, leaving no table and no row', async (_what, sql, code, message) => {
    const before = await countTaskRows(t.database);
    const tablesBefore = await tablesLike(t.database, '%');
    await expect(t.caller.tasks.submit({ sql })).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await countTaskRows(t.database)).toBe(before);
    expect(await tablesLike(t.database, '%')).toEqual(tablesBefore);
    expect(await rows(t.database, `SELECT count(*) AS n FROM orders`)).toEqual([{ n: 5000n }]);
  });

  it('fails a query that breaks while it runs: the error is kept, and no table, row or staging table is left', async () => {
    await t.caller.query.run({ sql: `CREATE TABLE texts AS SELECT CASE WHEN range = 4000 THEN 'oops' ELSE range::VARCHAR END AS s FROM range(5000)` });
    const { task, progressId } = await t.caller.tasks.submit({ sql: 'SELECT s::INTEGER AS n FROM texts', customTableName: 'broken_cast' });
    const failed = await finished(task.task_id);
    expect(failed.status).toBe('failed');
    expect(failed.error_message).toMatch(/Conversion Error.*oops/s);
    expect(failed.result_info).toBeNull();
    expect(await tablesLike(t.database, 'broken_cast')).toEqual([]);
    expect(await tablesLike(t.database, '\\_dq\\_staging%')).toEqual([]);
    expect(await fileSourceRow(t.database, 'broken_cast')).toBeNull();
    expect(await t.caller.progress.get({ id: progressId })).toMatchObject({ state: 'failed', error: expect.stringMatching(/oops/) });
    const audit = await t.caller.migrations.auditLog({ action: 'task.run', targetId: task.task_id });
    expect(audit.items[0]).toMatchObject({ outcome: 'error', details: { error: expect.stringMatching(/oops/) } });
  });

  it('refuses an unknown external connection before queuing, and accepts DuckDB datasources', async () => {
    await expect(t.caller.tasks.submit({ sql: 'SELECT 1 AS x', datasource: { id: 'pg1', type: 'postgresql' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "Connection 'pg1' was not found",
    });
    const { task } = await t.caller.tasks.submit({ sql: 'SELECT 1 AS x', datasource: { id: 'duckdb_internal', type: 'duckdb' } });
    expect((await finished(task.task_id)).datasource).toEqual({ id: 'duckdb_internal', type: 'duckdb' });
  });
});

describe('tasks.get, list, retry', () => {
  it('answers NOT_FOUND for an unknown id everywhere', async () => {
    for (const call of [
      () => t.caller.tasks.get({ taskId: 'nope' }),
      () => t.caller.tasks.cancel({ taskId: 'nope' }),
      () => t.caller.tasks.retry({ taskId: 'nope' }),
      () => t.caller.tasks.export({ taskId: 'nope', format: 'csv' }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND', message: "Task 'nope' was not found" });
    }
  });

  it('lists newest first, up to the limit, filtered by status', async () => {
    const all = await t.caller.tasks.list({ limit: 1000 });
    expect(all.length).toBeGreaterThan(3);
    const times = all.map((task) => task.created_at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(await t.caller.tasks.list({ limit: 2 })).toHaveLength(2);
    const failed = await t.caller.tasks.list({ limit: 1000, status: 'failed' });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((task) => task.status === 'failed')).toBe(true);
  });

  it('retries a failed task with other SQL: a new task, linked both ways', async () => {
    const { task: broken } = await t.caller.tasks.submit({ sql: 'SELECT s::INTEGER AS n FROM texts', customTableName: 'retried_cast' });
    expect((await finished(broken.task_id)).status).toBe('failed');
    const { task: retry } = await t.caller.tasks.retry({ taskId: broken.task_id, overrideSql: 'SELECT TRY_CAST(s AS INTEGER) AS n FROM texts' });
    expect(retry.task_id).not.toBe(broken.task_id);
    expect(retry.retry_of).toBe(broken.task_id);
    expect(retry.custom_table_name).toBe('retried_cast');
    const done = await finished(retry.task_id);
    expect(done.result_info).toMatchObject({ table_name: 'retried_cast', row_count: 5000 });
    expect((await t.caller.tasks.get({ taskId: broken.task_id })).last_retry_id).toBe(retry.task_id);
    expect(await taskRow(t.database, broken.task_id)).toMatchObject({ status: 'failed', last_retry_id: retry.task_id });
  });

  it('refuses to retry a task that has not ended', async () => {
    const { task } = await t.caller.tasks.submit({ sql: 'SELECT count(*) FROM range(1000000000000)' });
    await until(() => t.caller.tasks.get({ taskId: task.task_id }), (x) => x.status === 'running');
    await expect(t.caller.tasks.retry({ taskId: task.task_id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/still running/) });
    await t.caller.tasks.cancel({ taskId: task.task_id });
  });

  it("shows a user only their own tasks; an admin sees everyone's", async () => {
    const asUser = createCaller(await createTRPCContext({ headers: new Headers(), app: t.app, principal: principalFor('user', 'bearer') }));
    const { task: mine } = await asUser.tasks.submit({ sql: 'SELECT 42 AS answer' });
    await until(() => asUser.tasks.get({ taskId: mine.task_id }), (x) => x.status === 'success');
    expect((await asUser.tasks.list({ limit: 1000 })).map((x) => x.task_id)).toEqual([mine.task_id]);
    const someoneElses = (await t.caller.tasks.list({ limit: 1000 })).find((x) => x.actor === 'tester')!;
    await expect(asUser.tasks.get({ taskId: someoneElses.task_id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.caller.tasks.list({ limit: 1000 })).some((x) => x.task_id === mine.task_id)).toBe(true);
  });
});
