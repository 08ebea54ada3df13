import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp } from '../helpers/test-app';
import { fileSourceRow, rows, tablesLike, until } from './task-test-helpers';

process.env.DUCKQUERY_RATE_LIMIT_QUERY ??= 'off';

/** A real SQLite file (the SQLite connector needs no server) as the external database. */
let t: Awaited<ReturnType<typeof openTestApp>>;
let file: string;
beforeAll(async () => {
  t = await openTestApp();
  fs.mkdirSync(t.config.uploadsDir, { recursive: true });
  file = path.join(t.config.uploadsDir, 'shop.sqlite');
  const db = new SQLite(file);
  db.exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL);
           INSERT INTO items VALUES (1, 'duck', 9.5), (2, 'goose', 12.25), (3, '鹅', NULL);`);
  db.close();
  await t.caller.datasources.create({ id: 'lite', name: 'Shop', type: 'sqlite', params: { database: file } });
});
afterAll(() => t.close());

const ended = (taskId: string) => until(() => t.caller.tasks.get({ taskId }), (x) => ['success', 'failed', 'cancelled'].includes(x.status));
const itemsInSqlite = () => {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) AS n FROM items').get();
  } finally {
    db.close();
  }
};

describe('tasks on a saved external connection (SQLite)', () => {
  it('runs the query there and lands its rows in a DuckDB table with a file-source row', async () => {
    const { task } = await t.caller.tasks.submit({ sql: 'SELECT id, name, price FROM items ORDER BY id', customTableName: 'shop_items', datasource: { id: 'lite', type: 'SQLite' } });
    expect(task.datasource).toEqual({ id: 'lite', type: 'sqlite' }); // the stored type
    const done = await ended(task.task_id);
    expect(done).toMatchObject({ status: 'success', result_info: { table_name: 'shop_items', row_count: 3, column_count: 3 } });
    expect(await rows(t.database, 'SELECT id, name, price FROM shop_items ORDER BY id')).toEqual([
      { id: 1n, name: 'duck', price: 9.5 },
      { id: 2n, name: 'goose', price: 12.25 },
      { id: 3n, name: '鹅', price: null },
    ]);
    const source = await fileSourceRow(t.database, 'shop_items');
    expect(JSON.parse(String(source!.extra))).toMatchObject({ source_sql: 'SELECT id, name, price FROM items ORDER BY id', source_datasource: 'lite', source_datasource_type: 'sqlite' });
  });

  it('fails a statement that would change the external database, which stays as it was; no table is left', async () => {
    const { task } = await t.caller.tasks.submit({ sql: 'DELETE FROM items RETURNING id', customTableName: 'deleted_rows', datasource: { id: 'lite', type: 'sqlite' } });
    const done = await ended(task.task_id);
    expect(done.status).toBe('failed');
    expect(done.error_message).toMatch(/read.?only/i);
    expect(itemsInSqlite()).toEqual({ n: 3 });
    expect(await tablesLike(t.database, 'deleted_rows')).toEqual([]);
    expect(await fileSourceRow(t.database, 'deleted_rows')).toBeNull();
  });

  it('cancels an endless external query, leaving nothing behind', async () => {
    const endless = 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n';
    const { task, progressId } = await t.caller.tasks.submit({ sql: endless, customTableName: 'endless', datasource: { id: 'lite', type: 'sqlite' } });
    await until(() => t.caller.tasks.get({ taskId: task.task_id }), (x) => x.status === 'running');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = performance.now();
    const cancelled = await t.caller.tasks.cancel({ taskId: task.task_id });
    expect(performance.now() - asked).toBeLessThan(3000);
    expect(cancelled.status).toBe('cancelled');
    expect(await tablesLike(t.database, 'endless')).toEqual([]);
    expect(await tablesLike(t.database, '\\_dq\\_staging%')).toEqual([]);
    expect(await fileSourceRow(t.database, 'endless')).toBeNull();
    expect(await t.caller.progress.get({ id: progressId })).toMatchObject({ state: 'cancelled' });
  });
});
