import { afterAll, describe, expect, it } from 'vitest';
import { jsonRequest, read, useTempAppEnv, ISO_8601 } from '../helpers/rest-env';
import { filesUnder } from './files';

const env = useTempAppEnv('duckquery-paste-');
const { POST } = await import('@/app/api/paste-data/route');
const { getApp } = await import('@/server/db/instance');
const { allProfilesSettled } = await import('@/server/ingest/profile-table');
const { createCaller } = await import('@/server/api/root');
const { createTRPCContext } = await import('@/server/api/trpc');
afterAll(async () => {
  await allProfilesSettled();
  await env.cleanup();
});

const sql = async (text: string) => (await getApp()).database.read(async (c) => (await c.runAndReadAll(text)).getRowObjectsJS());
const caller = async () => createCaller(await createTRPCContext({ headers: new Headers(), app: await getApp(), actor: 'tester' }));
const paste = (body: unknown) => read(POST(jsonRequest('POST', '/api/paste-data', body)));
const userTables = async () => (await sql(`SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, 'system_') ORDER BY 1`)).map((r) => String(r.table_name));

describe('POST /api/paste-data (legacy: rows already split, declared types)', () => {
  it('casts each column to its declared type; trims; empty and null become NULL; the row lands in DuckDB', async () => {
    const res = await paste({
      table_name: 'Pasted People',
      column_names: ['name', 'age', 'score', 'born', 'active'],
      column_types: ['VARCHAR', 'INTEGER', 'DOUBLE', 'DATE', 'BOOLEAN'],
      data_rows: [
        [' Ann ', '31', '1.5', '1990-01-02', 'yes'],
        ['Bob', '', 'null', '', 'n'],
        ['Cé', '7', '2', '2001-12-31', 'T'],
      ],
      delimiter: '\t',
      has_header: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, table_name: 'Pasted_People', rows_saved: 3, columns_count: 5 });
    expect(res.body.column_info).toEqual([
      { name: 'name', type: 'VARCHAR' },
      { name: 'age', type: 'BIGINT' },
      { name: 'score', type: 'DOUBLE' },
      { name: 'born', type: 'TIMESTAMP' },
      { name: 'active', type: 'BOOLEAN' },
    ]);
    expect(res.body.created_at).toMatch(ISO_8601);
    expect(res.body.createdAt).toBe(res.body.created_at);
    expect(await sql(`SELECT name, age, score, born::VARCHAR AS born, active FROM Pasted_People ORDER BY name`)).toEqual([
      { name: 'Ann', age: 31n, score: 1.5, born: '1990-01-02 00:00:00', active: true },
      { name: 'Bob', age: null, score: null, born: null, active: false },
      { name: 'Cé', age: 7n, score: 2, born: '2001-12-31 00:00:00', active: true },
    ]);
    expect(await (await getApp()).stores.fileSources.get('Pasted_People')).toMatchObject({ file_type: 'pasted', file_path: 'pasted_data', row_count: 3 });
  });

  it('an existing table is replaced', async () => {
    const res = await paste({ table_name: 'Pasted People', column_names: ['x'], data_rows: [['1'], ['2']] });
    expect(res.body).toMatchObject({ table_name: 'Pasted_People', rows_saved: 2, columns_count: 1 });
  });

  it.each([
    ['empty name', { table_name: ' ', column_names: ['a'], data_rows: [['1']] }, /table_name is empty/],
    ['no columns', { table_name: 't1', column_names: [], data_rows: [['1']] }, /column_names is empty/],
    ['no rows', { table_name: 't1', column_names: ['a'], data_rows: [] }, /data_rows is empty/],
    ['count mismatch', { table_name: 't1', column_names: ['a', 'b'], column_types: ['VARCHAR'], data_rows: [['1', '2']] }, /column_types has 1 entries/],
    ['ragged row', { table_name: 't1', column_names: ['a', 'b'], data_rows: [['1', '2'], ['3']] }, /Row 2 has 1 values for 2 columns/],
    ['value that does not fit', { table_name: 't1', column_names: ['n'], column_types: ['INTEGER'], data_rows: [['12'], ['twelve']] }, /does not fit/],
    ['unknown type', { table_name: 't1', column_names: ['n'], column_types: ['MONEY'], data_rows: [['1']] }, /Unknown column type/],
  ])('400 for %s, and nothing saved', async (_what, body, message) => {
    const before = await userTables();
    const res = await paste(body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(message);
    expect(await userTables()).toEqual(before);
    expect(await (await getApp()).stores.fileSources.get('t1')).toBeNull();
  });
});

describe('ingest.pastePreview / ingest.paste (raw text, DuckDB detects)', () => {
  const text = 'city\tpopulation\tcapital\nParis\t2102650\ttrue\nLyon\t522250\tfalse\n';

  it('preview shows the detected delimiter, header, columns and types; saves nothing', async () => {
    const before = filesUnder((await getApp()).config.uploadsDir);
    const preview = await (await caller()).ingest.pastePreview({ text });
    expect(preview).toMatchObject({ delimiter: '\t', hasHeader: true });
    expect(preview.columns).toEqual([
      { name: 'city', type: 'VARCHAR' },
      { name: 'population', type: 'BIGINT' },
      { name: 'capital', type: 'BOOLEAN' },
    ]);
    expect(preview.rows[0]).toEqual({ city: 'Paris', population: 2102650, capital: true });
    expect(filesUnder((await getApp()).config.uploadsDir)).toEqual(before);
    expect(await userTables()).not.toContain('cities');
  });

  it('paste saves it as a typed table with its metadata row; the user decides about a taken name', async () => {
    const source = await (await caller()).ingest.paste({ text, tableName: 'cities' });
    expect(source).toMatchObject({ source_id: 'cities', file_type: 'pasted', row_count: 2, columns: ['city', 'population', 'capital'] });
    await expect((await caller()).ingest.paste({ text, tableName: 'cities' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await (await caller()).ingest.paste({ text, tableName: 'cities', ifExists: 'append' })).toMatchObject({ row_count: 4 });
    expect(await (await caller()).ingest.paste({ text: 'a;b\n1;2\n', tableName: 'cities', ifExists: 'replace' })).toMatchObject({ row_count: 1, columns: ['a', 'b'] });
  });

  it('blank or ragged text is a clear error and leaves no file and no table', async () => {
    const uploads = (await getApp()).config.uploadsDir;
    const before = filesUnder(uploads);
    await expect((await caller()).ingest.pastePreview({ text: '   \n ' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Nothing was pasted' });
    await expect((await caller()).ingest.paste({ text: 'a,b\n1,2\n3,4,5\n', tableName: 'ragged' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/different number of fields/) });
    expect(filesUnder(uploads)).toEqual(before);
    expect(await userTables()).not.toContain('ragged');
  });
});
