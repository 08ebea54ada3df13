import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonRequest, read, useTempAppEnv } from '../helpers/rest-env';
import { writeFile, writeParquet } from './files';

const env = useTempAppEnv('duckquery-mounts-');
const data = path.join(env.root, 'mnt', 'data');
const data2 = path.join(env.root, 'mnt', 'data2');
const outside = path.join(env.root, 'outside');
writeFile(path.join(data, 'sub'), 'orders.csv', 'id,total\n1,9.5\n2,3\n');
writeFile(data, 'notes.txt', 'x\n1\n');
writeFile(data, 'tool.exe', 'MZ');
writeFile(data, 'broken.csv', 'a,b\n1,2\n3,4,5\n');
writeFile(data2, 'neighbour.csv', 'secret\n1\n');
writeFile(outside, 'secret.csv', 'password\nhunter2\n');
fs.symlinkSync(outside, path.join(data, 'escape'));
fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(data, 'link.csv'));
fs.symlinkSync(path.join(data, 'sub', 'orders.csv'), path.join(data, 'inside-link.csv'));
process.env.DUCKQUERY_SERVER_MOUNTS = JSON.stringify([
  { label: 'Shared data', path: data },
  { label: 'Gone', path: path.join(env.root, 'mnt', 'missing') },
]);
const mounts = (await import('@/app/api/server_files/mounts/route')).GET;
const browse = (await import('@/app/api/server_files/route')).GET;
const importFile = (await import('@/app/api/server_files/import/route')).POST;
const { getApp } = await import('@/server/db/instance');
const { allProfilesSettled } = await import('@/server/ingest/profile-table');
afterAll(async () => {
  await allProfilesSettled();
  await env.cleanup();
});

const list = (p: string) => read(browse(new Request(`http://127.0.0.1/api/server_files?path=${encodeURIComponent(p)}`)));
const doImport = (body: unknown) => read(importFile(jsonRequest('POST', '/api/server_files/import', body)));
const userTables = async () =>
  (await (await getApp()).database.read(async (c) => (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, 'system_')`)).getRowsJS())).map((r) => String(r[0]));

describe('server folders', () => {
  it('GET /api/server_files/mounts lists the mounts and whether each exists', async () => {
    const res = await read(mounts(new Request('http://127.0.0.1/api/server_files/mounts')));
    expect(res.body).toEqual({ mounts: [{ label: 'Shared data', path: data, exists: true }, { label: 'Gone', path: path.join(env.root, 'mnt', 'missing'), exists: false }] });
  });

  it('GET /api/server_files lists folders first, marks supported files, hides symlinks that lead out', async () => {
    const res = await list(data);
    expect(res.status).toBe(200);
    expect(res.body.mount).toEqual({ label: 'Shared data', path: data });
    expect(res.body.breadcrumbs).toEqual([{ name: 'Shared data', path: data, is_root: true }]);
    expect(res.body.entries.map((e: any) => [e.name, e.type, e.supported ?? null])).toEqual([
      ['sub', 'directory', null],
      ['broken.csv', 'file', true],
      ['inside-link.csv', 'file', true],
      ['notes.txt', 'file', true],
      ['tool.exe', 'file', false],
    ]);
    const orders = (await list(path.join(data, 'sub'))).body;
    expect(orders.entries[0]).toMatchObject({ name: 'orders.csv', path: path.join(data, 'sub', 'orders.csv'), size: 19, extension: 'csv', suggested_table_name: 'orders' });
    expect(orders.breadcrumbs.map((b: any) => b.name)).toEqual(['Shared data', 'sub']);
  });

  it.each([
    ['the /mnt/data2 vs /mnt/data prefix trap', () => data2, 400],
    ['a symlinked folder leading out', () => path.join(data, 'escape'), 400],
    ['.. segments', () => `${data}/sub/../../data2`, 400],
    ['a relative path', () => 'sub', 400],
    ['a NUL byte', () => `${data}/sub\u0000`, 400],
    ['a missing folder', () => path.join(data, 'nope'), 404],
    ['no path', () => '', 422],
  ])('browse refuses %s', async (_what, target, status) => {
    const res = await list(target());
    expect(res.status).toBe(status);
    expect(res.text).not.toContain('hunter2');
  });

  it('POST /api/server_files/import reads the file in place; the metadata row lands in DuckDB', async () => {
    const res = await doImport({ path: path.join(data, 'sub', 'orders.csv') });
    expect(res.status).toBe(200);
    expect(res.body.progress_id).toEqual(expect.any(String));
    const { getProgress } = await import('@/server/progress/progress-registry');
    expect(getProgress(res.body.progress_id)).toMatchObject({ kind: 'import', state: 'done', rowsDone: 2, result: { sourceId: 'orders' } });
    delete res.body.progress_id;
    expect(res.body).toEqual({
      success: true,
      message: "Imported 2 rows into table 'orders'",
      table_name: 'orders',
      row_count: 2,
      column_count: 2,
      columns: ['id', 'total'],
      file_type: 'csv',
      file_path: path.join(data, 'sub', 'orders.csv'),
      mount_label: 'Shared data',
    });
    const row = await (await getApp()).stores.fileSources.get('orders');
    expect(row!.extra).toMatchObject({ mount_label: 'Shared data', source_type: 'server_directory' });
    const again = await doImport({ path: path.join(data, 'inside-link.csv'), table_alias: 'orders' });
    expect(again.body.table_name).toMatch(/^orders_\d{12}$/);
    const pq = await writeParquet(path.join(data, 'sub'), 'p.parquet', 'SELECT 42 AS answer');
    expect((await doImport({ path: pq })).body).toMatchObject({ table_name: 'p', row_count: 1, file_type: 'parquet' });
  });

  it.each([
    ['a symlink to a file outside', () => path.join(data, 'link.csv'), 400, /outside the allowed folders/],
    ['a file through a symlinked folder', () => path.join(data, 'escape', 'secret.csv'), 400, /outside the allowed folders/],
    ['the neighbouring folder', () => path.join(data2, 'neighbour.csv'), 400, /outside the server folders/],
    ['a folder', () => path.join(data, 'sub'), 400, /is a folder/],
    ['a ragged CSV', () => path.join(data, 'broken.csv'), 400, /different number of fields/],
    ['an unsupported file', () => path.join(data, 'tool.exe'), 400, /Unsupported file type '.exe'/],
  ])('import refuses %s: no table, no row, the file stays', async (_what, target, status, message) => {
    const before = await userTables();
    const res = await doImport({ path: target() });
    expect(res.status).toBe(status);
    expect(res.body.detail).toMatch(message);
    expect(res.text).not.toContain('hunter2');
    expect(await userTables()).toEqual(before);
    expect(fs.existsSync(path.join(data, 'broken.csv'))).toBe(true);
  });
});
