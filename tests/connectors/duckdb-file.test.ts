import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/server/db/rows';
import { openTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof openTestApp>>;
let file: string;

beforeAll(async () => {
  t = await openTestApp();
  fs.mkdirSync(t.config.uploadsDir, { recursive: true });
  file = path.join(t.config.uploadsDir, 'other.duckdb');
  const other = await DuckDBInstance.create(file);
  const c = await other.connect();
  await c.run(`CREATE TABLE events (id INTEGER, happened TIMESTAMPTZ, amount DECIMAL(18,4), tags VARCHAR[], meta STRUCT(k VARCHAR, n INTEGER), raw BLOB, big HUGEINT)`);
  await c.run(`INSERT INTO events VALUES
    (1, '2025-01-01 08:00:00.123456+00', 12345678901234.5678, ['a', 'b,c'], {'k': 'v', 'n': 7}, '\\x00\\xFF'::BLOB, 170141183460469231731687303715884105727),
    (2, NULL, NULL, NULL, NULL, NULL, NULL)`);
  await c.run('CREATE SCHEMA sales; CREATE TABLE sales.orders AS SELECT range AS id FROM range(5)');
  c.closeSync();
  other.closeSync();
  await t.caller.datasources.create({ id: 'duck', type: 'duckdb', params: { database: file } });
});
afterAll(() => t?.close());

describe('DuckDB file connector', () => {
  it('tests, lists tables of every schema and describes them', async () => {
    const { result } = await t.caller.datasources.test({ id: 'duck' });
    expect(result).toMatchObject({ success: true, database_info: { type: 'duckdb', version: expect.stringMatching(/^DuckDB v1\./) } });
    expect(await t.caller.datasources.tables({ id: 'duck' })).toEqual([
      { schema: null, name: 'events', type: 'table' },
      { schema: 'sales', name: 'orders', type: 'table' },
    ]);
    const d = await t.caller.datasources.describeTable({ id: 'duck', table: 'events' });
    expect(d.columns.map((c) => c.duckdb_type)).toEqual(['INTEGER', 'TIMESTAMP WITH TIME ZONE', 'DECIMAL(18,4)', 'VARCHAR[]', 'STRUCT(k VARCHAR, n INTEGER)', 'BLOB', 'HUGEINT']);
    expect((await t.caller.datasources.describeTable({ id: 'duck', schema: 'sales', table: 'orders' })).rowCount).toBe(5);
  });

  it('does not hold the file open between operations (other programs may write it)', async () => {
    await t.caller.datasources.tables({ id: 'duck' });
    const openFiles = fs.readdirSync('/proc/self/fd').map((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    });
    expect(openFiles.filter((f) => f.startsWith(file))).toEqual([]);
  });

  it('is read-only and cannot reach files outside it', async () => {
    await expect(t.caller.datasources.query({ id: 'duck', sql: 'DELETE FROM events' })).rejects.toMatchObject({ message: expect.stringMatching(/read-only/i) });
    await expect(t.caller.datasources.query({ id: 'duck', sql: `SELECT * FROM read_text('/etc/passwd')` })).rejects.toMatchObject({
      message: expect.stringMatching(/disabled|Permission|external/i),
    });
    await expect(t.caller.datasources.query({ id: 'duck', sql: 'SET enable_external_access = true' })).rejects.toBeTruthy();
  });

  it('imports nested, decimal, timestamp and 128-bit values exactly', async () => {
    const { fileSource } = await t.caller.datasources.import({ id: 'duck', table: 'events', tableName: 'duck_events', wait: true });
    expect(fileSource).toMatchObject({ row_count: 2, extra: { source_datasource_type: 'duckdb' } });
    const rows = await t.database.read((c) =>
      queryRows<Record<string, string | null>>(c, `SELECT happened::VARCHAR happened, amount::VARCHAR amount, tags::VARCHAR tags, meta::VARCHAR meta, hex(raw) raw, big::VARCHAR big, typeof(meta) mt FROM duck_events ORDER BY id`),
    );
    expect(rows[0]).toEqual({
      happened: '2025-01-01 08:00:00.123456+00', amount: '12345678901234.5678', tags: '[a, \'b,c\']', meta: "{'k': v, 'n': 7}", raw: '00FF',
      big: '170141183460469231731687303715884105727', mt: 'STRUCT(k VARCHAR, n INTEGER)',
    });
    expect(rows[1]).toMatchObject({ happened: null, amount: null, tags: null, meta: null, raw: null, big: null });
  });
});
