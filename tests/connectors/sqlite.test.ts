import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/server/db/rows';
import { openTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof openTestApp>>;
let file: string;

beforeAll(async () => {
  t = await openTestApp();
  fs.mkdirSync(t.config.uploadsDir, { recursive: true });
  file = path.join(t.config.uploadsDir, 'shop.sqlite');
  const db = new Database(file);
  db.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, qty INT, photo BLOB, added DATETIME, flag BOOLEAN, note);
    INSERT INTO items VALUES (1, 'duck ''n'' "cover"', 9.99, 9223372036854775807, x'00ff', '2024-02-29 13:14:15', 1, 'free text');
    INSERT INTO items VALUES (2, 'goose', NULL, NULL, NULL, NULL, NULL, NULL);
    CREATE TABLE messy (id INTEGER, amount INTEGER);
    INSERT INTO messy VALUES (1, 10), (2, 'twelve');
    CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 10;
  `);
  db.close();
  await t.caller.datasources.create({ id: 'lite', type: 'sqlite', params: { database: file } });
});
afterAll(() => t?.close());

describe('SQLite connector (real files)', () => {
  it('tests a file inside the uploads folder: SQLite version', async () => {
    const { result, connection } = await t.caller.datasources.test({ id: 'lite' });
    expect(result).toMatchObject({ success: true, database_info: { type: 'sqlite', version: expect.stringMatching(/^SQLite 3\./) } });
    expect(connection.status).toBe('active');
  });

  it('reads a relative path in the uploads folder', async () => {
    expect((await t.caller.datasources.testParams({ type: 'sqlite', params: { database: 'shop.sqlite' } })).success).toBe(true);
    const escape = await t.caller.datasources.testParams({ type: 'sqlite', params: { database: '../duckquery.duckdb' } });
    expect(escape.message).toMatch(/outside the folders DuckQuery may read/);
  });

  it('refuses files outside the allowed folders, missing files and files that are not SQLite', async () => {
    const outside = await t.caller.datasources.testParams({ type: 'sqlite', params: { database: t.config.dbPath } });
    expect(outside).toMatchObject({ success: false });
    expect(outside.message).toMatch(/outside the folders DuckQuery may read/);
    const missing = await t.caller.datasources.testParams({ type: 'sqlite', params: { database: path.join(t.config.uploadsDir, 'nope.db') } });
    expect(missing.message).toMatch(/does not exist/);
    const notDb = path.join(t.config.uploadsDir, 'text.sqlite');
    fs.writeFileSync(notDb, 'this is not a database, just some text that is long enough to have a header '.repeat(20));
    const wrong = await t.caller.datasources.testParams({ type: 'sqlite', params: { database: notDb } });
    expect(wrong).toMatchObject({ success: false });
    expect(wrong.message).toMatch(/not a SQLite database|not a database/);
  });

  it('browses tables, views and columns', async () => {
    const tables = await t.caller.datasources.tables({ id: 'lite' });
    expect(tables).toEqual([
      { schema: null, name: 'cheap', type: 'view' },
      { schema: null, name: 'items', type: 'table' },
      { schema: null, name: 'messy', type: 'table' },
    ]);
    const d = await t.caller.datasources.describeTable({ id: 'lite', table: 'items' });
    expect(d.columns.map((c) => [c.name, c.duckdb_type, c.nullable])).toEqual([
      ['id', 'BIGINT', true],
      ['name', 'VARCHAR', false],
      ['price', 'DOUBLE', true],
      ['qty', 'BIGINT', true],
      ['photo', 'BLOB', true],
      ['added', 'TIMESTAMP', true],
      ['flag', 'BOOLEAN', true],
      ['note', 'VARCHAR', true],
    ]);
    expect(d.rowCount).toBe(2);
  });

  it('a value that does not fit its declared type fails the import clearly and leaves nothing behind', async () => {
    await expect(t.caller.datasources.import({ id: 'lite', table: 'messy', tableName: 'lite_messy', wait: true })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/could not be converted to their column types \(id BIGINT, amount BIGINT\).*twelve/s),
    });
    const left = await t.database.read((c) =>
      queryRows<{ n: bigint }>(c, `SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name ILIKE '%messy%' OR table_name LIKE '\\_dq\\_%' ESCAPE '\\') + (SELECT count(*) FROM system_file_sources WHERE source_id = 'lite_messy') AS n`),
    );
    expect(left[0]!.n).toBe(0n);
  });

  it('opens the file read-only unless the connection is writable', async () => {
    await expect(t.caller.datasources.query({ id: 'lite', sql: "INSERT INTO items (id, name) VALUES (3, 'x')" })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.caller.datasources.create({ id: 'lite_rw', type: 'sqlite', params: { database: file, writable: true } });
    await t.caller.datasources.query({ id: 'lite_rw', sql: "INSERT INTO items (id, name) VALUES (3, 'swan')" });
    const answer = await t.caller.datasources.query({ id: 'lite', sql: 'SELECT name FROM items WHERE id = 3' });
    expect(answer.rows).toEqual([['swan']]);
  });

  it('refuses ATTACH and VACUUM INTO, which would open or write files outside the allowed folders', async () => {
    const outside = path.join(path.dirname(t.config.dbPath), 'stolen.sqlite');
    for (const sql of [`ATTACH DATABASE '${t.config.dbPath}' AS x`, `/* hi */ VACUUM INTO '${outside}'`]) {
      await expect(t.caller.datasources.query({ id: 'lite_rw', sql })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/ATTACH, DETACH and VACUUM are not allowed/) });
    }
    expect(fs.existsSync(outside)).toBe(false);
  });

  it('imports a table with its types, NULLs and the largest integer', async () => {
    const { fileSource } = await t.caller.datasources.import({ id: 'lite', table: 'items', tableName: 'lite_items', wait: true });
    expect(fileSource).toMatchObject({ row_count: 3, file_type: 'database_table', extra: { source_datasource: 'lite', source_datasource_type: 'sqlite' } });
    const rows = await t.database.read((c) =>
      queryRows<Record<string, string | null>>(c, 'SELECT name, price::VARCHAR price, qty::VARCHAR qty, hex(photo) photo, added::VARCHAR added, flag::VARCHAR flag, note FROM lite_items ORDER BY id'),
    );
    expect(rows[0]).toEqual({ name: `duck 'n' "cover"`, price: '9.99', qty: '9223372036854775807', photo: '00FF', added: '2024-02-29 13:14:15', flag: 'true', note: 'free text' });
    expect(rows[1]).toEqual({ name: 'goose', price: null, qty: null, photo: null, added: null, flag: null, note: null });
  });
});
