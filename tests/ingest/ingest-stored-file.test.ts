import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestStoredFile, previewRows } from '@/server/ingest/ingest-stored-file';
import { profileSettled, allProfilesSettled } from '@/server/ingest/profile-table';
import { getProgress, startProgress } from '@/server/progress/progress-registry';
import { openTestApp } from '../helpers/test-app';
import { writeFile, writeParquet } from './files';

let t: Awaited<ReturnType<typeof openTestApp>>;
let uploads: string;
beforeAll(async () => {
  t = await openTestApp();
  uploads = t.config.uploadsDir;
});
afterAll(async () => {
  await allProfilesSettled(); // a profile still running must not meet a closed database
  t.close();
});

const rows = (sql: string) => t.database.read(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());
const types = async (table: string) =>
  (await rows(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`)).map((r) => `${r.column_name}:${r.data_type}`);
const userTables = async () => (await rows(`SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, 'system_') ORDER BY 1`)).map((r) => String(r.table_name));
const ingest = (file: string, name: string, extra: Partial<Parameters<typeof ingestStoredFile>[1]> = {}) =>
  ingestStoredFile(t.app, { storedPath: file, originalFilename: name, ifExists: 'fail', actor: 'tester', ...extra });

/** The bad-input promise: a clear BAD_INPUT, and no table and no row named `table` afterwards. */
async function expectRefused(promise: Promise<unknown>, table: string, message: RegExp) {
  await expect(promise).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(message) });
  expect(await t.app.stores.fileSources.get(table)).toBeNull();
  expect((await userTables()).filter((n) => n.toLowerCase() === table.toLowerCase() || n.startsWith('_dq_staging_'))).toEqual([]);
}

describe('ingestStoredFile: formats, read by DuckDB', () => {
  it('CSV: typed columns from the sniffer, metadata row, preview, progress', async () => {
    const file = writeFile(uploads, 'a1.csv', 'id,name,price,day,ok\n1,Ann,1.5,2025-01-02,true\n2,Bob,,2025-01-03,false\n3,"Cé, ""quoted""",3.25,2025-01-04,true\n');
    const progress = startProgress({ kind: 'import', label: 'people.csv', actor: 'tester' });
    const source = await ingest(file, 'people.csv', { progress });
    expect(source).toMatchObject({ source_id: 'people', filename: 'people.csv', file_path: file, file_type: 'csv', row_count: 3, column_count: 5 });
    expect(await types('people')).toEqual(['id:BIGINT', 'name:VARCHAR', 'price:DOUBLE', 'day:DATE', 'ok:BOOLEAN']);
    expect((await previewRows(t.app, 'people'))[2]).toEqual({ id: 3, name: 'Cé, "quoted"', price: 3.25, day: '2025-01-04', ok: true });
    expect(getProgress(progress.id)).toMatchObject({ phase: 'landed', rowsDone: 3, bytesDone: fs.statSync(file).size });
    await profileSettled('people');
    expect((await t.app.stores.fileSources.get('people'))!.extra.profile_status).toBe('ready');
  });

  it('TSV, semicolons, latin-1 (when chosen) and UTF-16 (by its BOM)', async () => {
    expect(await ingest(writeFile(uploads, 'a2.tsv', 'a\tb\n1\tx y\n'), 'tabs.tsv')).toMatchObject({ row_count: 1, columns: ['a', 'b'], file_type: 'tsv' });
    expect(await ingest(writeFile(uploads, 'a3.csv', 'a;b\n1;2\n3;4\n'), 'semi.csv')).toMatchObject({ row_count: 2, columns: ['a', 'b'] });
    await ingest(writeFile(uploads, 'a4.csv', Buffer.from('name,city\nJos\xe9,M\xfcnchen\n', 'latin1')), 'latin.csv', { csv: { encoding: 'latin-1' } });
    expect(await rows('SELECT * FROM latin')).toEqual([{ name: 'José', city: 'München' }]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('k,v\n1,ü\n', 'utf16le')]);
    await ingest(writeFile(uploads, 'a5.csv', utf16), 'wide.csv');
    expect(await rows('SELECT * FROM wide')).toEqual([{ k: 1n, v: 'ü' }]);
  });

  it('Parquet, JSON arrays and NDJSON', async () => {
    const pq = await writeParquet(uploads, 'a6.parquet', `SELECT range AS id, 'n' || range AS name, range * 1.5 AS v FROM range(1000)`);
    expect(await ingest(pq, 'numbers.parquet')).toMatchObject({ row_count: 1000, columns: ['id', 'name', 'v'], file_type: 'parquet' });
    const json = writeFile(uploads, 'a7.json', JSON.stringify([{ a: 1, b: 'x', c: { d: true } }, { a: 2, b: 'y', c: { d: false } }]));
    expect(await ingest(json, 'arr.json')).toMatchObject({ row_count: 2, columns: ['a', 'b', 'c'], file_type: 'json' });
    const ndjson = writeFile(uploads, 'a8.jsonl', '{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n{"a":3,"b":null}\n');
    expect(await ingest(ndjson, 'lines.jsonl')).toMatchObject({ row_count: 3, file_type: 'jsonl' });
    expect(await types('lines')).toEqual(['a:BIGINT', 'b:VARCHAR']);
  });

  it('a file with no extension is read by its content; a table alias names the table', async () => {
    const pq = await writeParquet(uploads, 'a9', `SELECT 1 AS one`);
    expect(await ingest(pq, 'export', { tableAlias: 'My Export!' })).toMatchObject({ source_id: 'My_Export', file_type: 'parquet' });
  });

  it("'rename' gives a taken name the legacy _YYYYMMDDHHMM suffix; 'replace' replaces", async () => {
    const file = writeFile(uploads, 'b1.csv', 'x\n1\n');
    await ingest(file, 'dup.csv', { ifExists: 'rename' });
    const second = await ingest(file, 'dup.csv', { ifExists: 'rename' });
    expect(second.source_id).toMatch(/^dup_\d{12}$/);
    const replaced = await ingest(writeFile(uploads, 'b2.csv', 'y\n1\n2\n'), 'dup.csv', { ifExists: 'replace' });
    expect(replaced).toMatchObject({ source_id: 'dup', row_count: 2, columns: ['y'] });
    expect(fs.existsSync(file)).toBe(true); // still the source of dup_YYYYMMDDHHMM
    await ingest(writeFile(uploads, 'b3.csv', 'z\n1\n'), 'dup.csv', { ifExists: 'replace' });
    expect(fs.existsSync(path.join(uploads, 'b2.csv'))).toBe(false); // replaced, and no row refers to it: removed
  });
});

describe('ingestStoredFile: bad input gets a clear error and leaves nothing', () => {
  it('ragged CSV (short lines first: DuckDB would silently skip them)', async () => {
    await expectRefused(ingest(writeFile(uploads, 'c1.csv', 'a,b\n1,2\n3,4,5\n'), 'ragged.csv'), 'ragged', /different number of fields/);
  });

  it('ragged CSV (a long line after many good ones)', async () => {
    const lines = ['id,name', ...Array.from({ length: 30_000 }, (_, i) => `${i},n${i}`), '30001,x,extra'];
    await expectRefused(ingest(writeFile(uploads, 'c2.csv', lines.join('\n')), 'late.csv'), 'late', /could not be read/);
  });

  it('malformed CSV: an unterminated quote', async () => {
    const lines = ['id,text', ...Array.from({ length: 200 }, (_, i) => `${i},"x, ${i}"`), '200,"never closed', '201,"y"'];
    await expectRefused(ingest(writeFile(uploads, 'c2b.csv', lines.join('\n')), 'quotes.csv'), 'quotes', /could not be read: .*quote/i);
  });

  it('a wrong encoding says which encodings to choose', async () => {
    await expectRefused(ingest(writeFile(uploads, 'c3.csv', Buffer.from('name\nJos\xe9\n', 'latin1')), 'enc.csv'), 'enc', /not valid UTF-8.*latin-1/);
  });

  it('empty and blank files', async () => {
    await expectRefused(ingest(writeFile(uploads, 'c4.csv', ''), 'empty.csv'), 'empty', /is empty/);
    await expectRefused(ingest(writeFile(uploads, 'c5.csv', '\n\n  \n'), 'blank.csv'), 'blank', /is empty/);
  });

  it('extensions that lie', async () => {
    const pq = await writeParquet(uploads, 'c6.csv', 'SELECT 1 AS a');
    await expectRefused(ingest(pq, 'liar.csv'), 'liar', /named as CSV but its content is a Parquet file/);
    await expectRefused(ingest(writeFile(uploads, 'c7.parquet', 'a,b\n1,2\n'), 'fake.parquet'), 'fake', /named as PARQUET but its content is text/);
    await expectRefused(ingest(writeFile(uploads, 'c8.json', 'a,b\n1,2\n'), 'notjson.json'), 'notjson', /named as JSON/);
    await expectRefused(ingest(writeFile(uploads, 'c8b.csv', '[{"a": 1}]'), 'reallyjson.csv'), 'reallyjson', /named as CSV but its content is JSON: name it \.json/);
    await expectRefused(ingest(writeFile(uploads, 'c9.csv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00])), 'bin.csv'), 'bin', /binary data/);
  });

  it('a truncated Parquet file and malformed JSON', async () => {
    const pq = await writeParquet(uploads, 'd1.parquet', 'SELECT range AS id FROM range(10000)');
    const bytes = fs.readFileSync(pq);
    fs.writeFileSync(pq, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectRefused(ingest(pq, 'cut.parquet'), 'cut', /could not be read/);
    await expectRefused(ingest(writeFile(uploads, 'd2.json', '[{"a": 1}, {"a": '), 'broken.json'), 'broken', /could not be read/);
  });

  it('.xls is refused with a reason; .xlsx is sent to sheet selection', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expectRefused(ingest(writeFile(uploads, 'd3.xls', ole), 'old.xls'), 'old', /\.xls workbooks are not supported.*save it as \.xlsx/);
    await expectRefused(ingest(writeFile(uploads, 'd4.xlsx', Buffer.from('PK\u0003\u0004rest')), 'book.xlsx'), 'book', /choose its sheets/);
  });

  it('a file outside the uploads folder and the mounts is refused (error messages never show server paths)', async () => {
    const outside = writeFile(path.join(t.root, 'elsewhere'), 'x.csv', 'a\n1\n');
    await expectRefused(ingest(outside, 'x.csv'), 'x', /not in the uploads folder/);
    const error = await ingest(writeFile(uploads, 'd5.csv', Buffer.from('name\nJos\xe9\n', 'latin1')), 'd5.csv').catch((e: Error) => e);
    expect(String(error)).not.toContain(uploads);
  });

  it('a hostile file name becomes a harmless table name, and stays only metadata', async () => {
    const file = writeFile(uploads, 'e1.csv', 'a\n1\n');
    expect((await ingest(file, '../../etc/passwd.csv')).source_id).toBe('passwd');
    expect((await ingest(file, '/abs/path/x\u0000y.csv')).source_id).toBe('x_y');
    expect((await ingest(file, `${'長'.repeat(1000)}.csv`)).source_id).toBe('長'.repeat(100));
    expect((await ingest(file, 'система данных.csv')).source_id).toBe('система_данных');
    expect(fs.existsSync(file)).toBe(true);
  });
});
