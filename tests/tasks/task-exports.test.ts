import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteExpiredExports } from '@/server/tasks/task-exports';
import { startTaskHousekeeping } from '@/server/tasks/task-housekeeping';
import { openTestApp } from '../helpers/test-app';
import { LONG_QUERY, rows, until } from './task-test-helpers';

process.env.DUCKQUERY_RATE_LIMIT_QUERY ??= 'off';

let t: Awaited<ReturnType<typeof openTestApp>>;
let taskId: string;
const SQL = `SELECT range AS id, 'name, "quoted" ' || range AS label, (range / 4)::DECIMAL(10,2) AS share, DATE '2024-01-01' + range::INTEGER AS day,
                    CASE WHEN range % 3 = 0 THEN NULL ELSE range * 1.5 END AS maybe, '北京' AS city
             FROM range(2500)`;

beforeAll(async () => {
  t = await openTestApp({ DUCKQUERY_TASK_EXPORT_TTL_MINUTES: '30' });
  const { task } = await t.caller.tasks.submit({ sql: SQL, customTableName: 'export_me' });
  taskId = task.task_id;
  await until(() => t.caller.tasks.get({ taskId }), (x) => x.status === 'success');
});
afterAll(() => t.close());

const exportPath = (name: string) => path.join(t.config.exportsDir, name);

describe('tasks.export: the result table as CSV or Parquet, written by DuckDB into the exports folder', () => {
  it('writes a CSV that reads back as the same rows', async () => {
    const file = await t.caller.tasks.export({ taskId, format: 'csv' });
    expect(file).toMatchObject({ format: 'csv', contentType: 'text/csv; charset=utf-8', downloadName: 'export_me.csv' });
    expect(file.exportName).toMatch(new RegExp(`^task-${taskId}-[0-9a-f-]{36}\\.csv$`));
    expect(file.sizeBytes).toBe(fs.statSync(exportPath(file.exportName)).size);
    expect(file.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    const text = fs.readFileSync(exportPath(file.exportName), 'utf8');
    expect(text.split('\n')[0]).toBe('id,label,share,day,maybe,city');
    // Read back by DuckDB and compared with the table, row for row.
    const differences = await rows(
      t.database,
      `SELECT count(*) AS n FROM (
         (SELECT id, label, share::VARCHAR AS share, day, maybe, city FROM export_me
          EXCEPT SELECT id, label, share::VARCHAR, day, maybe, city FROM read_csv($1, header = true, types = {'share': 'DECIMAL(10,2)'}))
         UNION ALL
         (SELECT id, label, share::VARCHAR, day, maybe, city FROM read_csv($1, header = true, types = {'share': 'DECIMAL(10,2)'})
          EXCEPT SELECT id, label, share::VARCHAR AS share, day, maybe, city FROM export_me))`,
      [exportPath(file.exportName)],
    );
    expect(differences).toEqual([{ n: 0n }]);
    expect(await rows(t.database, `SELECT count(*) AS n FROM read_csv($1)`, [exportPath(file.exportName)])).toEqual([{ n: 2500n }]);
  });

  it('writes a Parquet file with the same rows and column types', async () => {
    const file = await t.caller.tasks.export({ taskId, format: 'PARQUET' });
    expect(file).toMatchObject({ format: 'parquet', contentType: 'application/octet-stream', downloadName: 'export_me.parquet' });
    const target = exportPath(file.exportName);
    expect(fs.readFileSync(target).subarray(0, 4).toString()).toBe('PAR1');
    const types = await rows(t.database, `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($1))`, [target]);
    expect(types).toEqual([
      { column_name: 'id', column_type: 'BIGINT' },
      { column_name: 'label', column_type: 'VARCHAR' },
      { column_name: 'share', column_type: 'DECIMAL(10,2)' },
      { column_name: 'day', column_type: 'DATE' },
      { column_name: 'maybe', column_type: 'DECIMAL(21,1)' },
      { column_name: 'city', column_type: 'VARCHAR' },
    ]);
    const differences = await rows(
      t.database,
      `SELECT count(*) AS n FROM ((FROM export_me EXCEPT FROM read_parquet($1)) UNION ALL (FROM read_parquet($1) EXCEPT FROM export_me))`,
      [target],
    );
    expect(differences).toEqual([{ n: 0n }]);
  });

  it('answers 400 for another format, leaving no file', async () => {
    const before = fs.readdirSync(t.config.exportsDir);
    for (const format of ['xlsx', 'json', '../../etc/passwd']) {
      await expect(t.caller.tasks.export({ taskId, format })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/use csv or parquet/) });
    }
    expect(fs.readdirSync(t.config.exportsDir)).toEqual(before);
  });

  it('answers 400 for a task that has not finished successfully, and 404 once its table is dropped', async () => {
    const { task: running } = await t.caller.tasks.submit({ sql: LONG_QUERY });
    await until(() => t.caller.tasks.get({ taskId: running.task_id }), (x) => x.status === 'running');
    await expect(t.caller.tasks.export({ taskId: running.task_id, format: 'csv' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/not finished successfully \(running\)/) });
    await t.caller.tasks.cancel({ taskId: running.task_id });
    await expect(t.caller.tasks.export({ taskId: running.task_id, format: 'parquet' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/\(cancelled\)/) });

    const { task: doomed } = await t.caller.tasks.submit({ sql: 'SELECT 1 AS x', customTableName: 'dropped_later' });
    await until(() => t.caller.tasks.get({ taskId: doomed.task_id }), (x) => x.status === 'success');
    await t.caller.query.run({ sql: 'DROP TABLE dropped_later' });
    await expect(t.caller.tasks.export({ taskId: doomed.task_id, format: 'csv' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/dropped_later/) });
  });
});

describe('old exports are deleted', () => {
  it('deletes task exports older than the TTL at start-up housekeeping, and keeps fresh ones and files that are not ours', async () => {
    const old = await t.caller.tasks.export({ taskId, format: 'csv' });
    const fresh = await t.caller.tasks.export({ taskId, format: 'csv' });
    const usersOwn = exportPath('my_own_copy.csv'); // a user's COPY … TO, not a task export
    fs.writeFileSync(usersOwn, 'a\n1\n');
    const anHourAgo = new Date(Date.now() - 60 * 60_000);
    fs.utimesSync(exportPath(old.exportName), anHourAgo, anHourAgo);
    fs.utimesSync(usersOwn, anHourAgo, anHourAgo);

    await startTaskHousekeeping(t.database, t.config);
    expect(fs.existsSync(exportPath(old.exportName))).toBe(false);
    expect(fs.existsSync(exportPath(fresh.exportName))).toBe(true);
    expect(fs.existsSync(usersOwn)).toBe(true);
  });

  it('counts what it deleted, and is a no-op without an exports folder', () => {
    expect(deleteExpiredExports(path.join(t.root, 'no-such-folder'), 1)).toBe(0);
    const names = fs.readdirSync(t.config.exportsDir).filter((n) => n.startsWith('task-'));
    expect(names.length).toBeGreaterThan(0);
    expect(deleteExpiredExports(t.config.exportsDir, 1, Date.now() + 60_000)).toBe(names.length);
    expect(fs.readdirSync(t.config.exportsDir).filter((n) => n.startsWith('task-'))).toEqual([]);
  });
});
