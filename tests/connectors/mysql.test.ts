import type mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/server/db/rows';
import { getProgress } from '@/server/progress/progress-registry';
import { openTestApp } from '../helpers/test-app';
import { closedPort, MYSQL, mysqlAdmin, setUpOrFailEach, uniquePrefix } from './servers';

const prefix = uniquePrefix('dq_my');
const typesTable = `${prefix}_types`;
const bigTable = `${prefix}_big`;
let admin: mysql.Connection;
let t: Awaited<ReturnType<typeof openTestApp>>;
const params = (extra: Record<string, unknown> = {}) => ({ ...MYSQL, ...extra });
const duck = <T = Record<string, unknown>>(sql: string) => t.database.read((c) => queryRows<T>(c, sql));

setUpOrFailEach(async () => {
  admin = await mysqlAdmin();
  await admin.query(`
    CREATE TABLE ${typesTable} (
      id INT PRIMARY KEY, ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT, ubi BIGINT UNSIGNED, f FLOAT, d DOUBLE,
      dec_small DECIMAL(10,2), dec_wide DECIMAL(65,30), vc VARCHAR(50), txt TEXT, dt DATETIME(6), ts TIMESTAMP(6) NULL, dd DATE, tm TIME,
      yr YEAR, js JSON, bl BLOB, vb VARBINARY(10), bt BIT(8), en ENUM('a','b')
    ) DEFAULT CHARSET utf8mb4`);
  await admin.query(`INSERT INTO ${typesTable} VALUES
    (1, 127, -32768, 8388607, -2147483648, 9223372036854775807, 18446744073709551615, 1.5, 2.25,
     12345678.90, 12345678901234567890123456789012345.123456789012345678901234567890, 'plain', 'ünïcødé 🦆 "q" \\n',
     '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.654321', '2024-02-29', '-838:59:59', 2024, '{"a": [1, 2]}', X'00FF10', X'CAFE', b'10100101', 'b'),
    (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
  await admin.query(`CREATE TABLE ${bigTable} (id INT PRIMARY KEY, label VARCHAR(20))`);
  const rows = Array.from({ length: 50_000 }, (_, i) => [i + 1, `row ${i + 1}`]);
  for (let i = 0; i < rows.length; i += 10_000) await admin.query(`INSERT INTO ${bigTable} VALUES ?`, [rows.slice(i, i + 10_000)]);
  t = await openTestApp();
  await t.caller.datasources.create({ id: 'my', name: 'Test MariaDB', type: 'mysql', params: params() });
}, 120_000);

afterAll(async () => {
  await admin?.query(`DROP TABLE IF EXISTS ${typesTable}, ${bigTable}`);
  await admin?.end();
  t?.close();
});

describe('MySQL / MariaDB connector', () => {
  it('tests: version and latency; wrong password, closed port and unknown database in plain words', async () => {
    const { result, connection } = await t.caller.datasources.test({ id: 'my' });
    expect(result).toMatchObject({ success: true, database_info: { type: 'mysql', version: expect.stringMatching(/^\d+\.\d+/) } });
    expect(connection.status).toBe('active');
    const wrong = await t.caller.datasources.testParams({ type: 'mysql', params: params({ password: 'nope-nope' }) });
    expect(wrong.message).toMatch(/Wrong user name or password for user 'duckquery_test'/);
    const closed = await t.caller.datasources.testParams({ type: 'mysql', params: params({ port: await closedPort() }) });
    expect(closed.message).toMatch(/Nothing is listening/);
    const unknownDb = await t.caller.datasources.testParams({ type: 'mysql', params: params({ database: 'no_such_db' }) });
    expect(unknownDb.success).toBe(false);
    expect(unknownDb.message).toMatch(/database 'no_such_db'/);
  });

  it('passes TLS options to the driver: ssl=require against this server (TLS off) fails, said plainly', async () => {
    const result = await t.caller.datasources.testParams({ type: 'mysql', params: params({ ssl: 'require' }) });
    expect(result.success).toBe(false);
    expect(result.message).toMatch(/^The TLS connection to 127\.0\.0\.1:\d+ failed\./);
  });

  it('accepts the legacy `username` param for `user`', async () => {
    const { user, ...rest } = params();
    expect((await t.caller.datasources.testParams({ type: 'mysql', params: { ...rest, username: user } })).success).toBe(true);
  });

  it('browses tables and columns with their DuckDB types', async () => {
    const tables = await t.caller.datasources.tables({ id: 'my' });
    expect(tables.map((x) => x.name)).toEqual(expect.arrayContaining([typesTable, bigTable]));
    const d = await t.caller.datasources.describeTable({ id: 'my', table: typesTable, sampleRows: 1 });
    expect(Object.fromEntries(d.columns.map((c) => [c.name, c.duckdb_type]))).toMatchObject({
      ti: 'TINYINT', mi: 'INTEGER', bi: 'BIGINT', ubi: 'UBIGINT', f: 'FLOAT', dec_small: 'DECIMAL(10,2)', dec_wide: 'VARCHAR',
      dt: 'TIMESTAMP', ts: 'TIMESTAMPTZ', dd: 'DATE', tm: 'INTERVAL', bl: 'BLOB', vb: 'BLOB', txt: 'VARCHAR', bt: 'UBIGINT',
    });
    expect(d.columns.find((c) => c.name === 'ubi')).toMatchObject({ source_type: 'bigint(20) unsigned', nullable: true });
    expect(d.rowCount).toBe(2);
    expect(d.sample.rows[0]!.slice(0, 7)).toEqual([1, 127, -32768, 8388607, -2147483648, '9223372036854775807', '18446744073709551615']);
  });

  it('previews stop the rest of a large result: the pool keeps answering afterwards', async () => {
    for (let i = 0; i < 6; i++) {
      const answer = await t.caller.datasources.query({ id: 'my', sql: `SELECT * FROM ${bigTable} ORDER BY id`, limit: 5 });
      expect(answer).toMatchObject({ rowCount: 5, truncated: true });
    }
    const count = await t.caller.datasources.query({ id: 'my', sql: `SELECT COUNT(*) AS n FROM ${bigTable}` });
    expect(count.rows).toEqual([[50_000]]);
  });

  it('runs queries in a read-only transaction unless the connection is writable', async () => {
    await expect(t.caller.datasources.query({ id: 'my', sql: `UPDATE ${bigTable} SET label = 'x' WHERE id = 1` })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [[row]] = (await admin.query(`SELECT label FROM ${bigTable} WHERE id = 1`)) as unknown as [[{ label: string }]];
    expect(row.label).toBe('row 1');
    await t.caller.datasources.create({ id: 'my_rw', type: 'mysql', params: params({ writable: true }) });
    await t.caller.datasources.query({ id: 'my_rw', sql: `UPDATE ${bigTable} SET label = 'changed' WHERE id = 1` });
    const [[after]] = (await admin.query(`SELECT label FROM ${bigTable} WHERE id = 1`)) as unknown as [[{ label: string }]];
    expect(after.label).toBe('changed');
  });

  it('imports every common type faithfully, NULLs and extreme values included', async () => {
    const { fileSource } = await t.caller.datasources.import({ id: 'my', table: typesTable, tableName: 'my_types', wait: true });
    expect(fileSource).toMatchObject({ row_count: 2, column_count: 23 });
    const [row, nulls] = await duck<Record<string, string | null>>(
      `SELECT ti::VARCHAR ti, si::VARCHAR si, mi::VARCHAR mi, i::VARCHAR i, bi::VARCHAR bi, ubi::VARCHAR ubi, f::VARCHAR f, d::VARCHAR d,
              dec_small::VARCHAR dec_small, dec_wide, vc, txt, dt::VARCHAR dt, ts::VARCHAR ts, dd::VARCHAR dd, tm::VARCHAR tm, yr::VARCHAR yr,
              js::VARCHAR js, hex(bl) bl, hex(vb) vb, bt::VARCHAR bt, en
         FROM my_types ORDER BY id`,
    );
    expect(row).toEqual({
      ti: '127', si: '-32768', mi: '8388607', i: '-2147483648', bi: '9223372036854775807', ubi: '18446744073709551615', f: '1.5', d: '2.25',
      dec_small: '12345678.90', dec_wide: '12345678901234567890123456789012345.123456789012345678901234567890', vc: 'plain', txt: 'ünïcødé 🦆 "q" \n',
      dt: '2024-02-29 13:14:15.123456', ts: '2024-02-29 13:14:15.654321+00', dd: '2024-02-29', tm: '-838:59:59', yr: '2024', js: '{"a": [1, 2]}',
      bl: '00FF10', vb: 'CAFE', bt: '165', en: 'b',
    });
    expect(Object.values(nulls!).every((v) => v === null)).toBe(true);
  });

  it('imports a query result streamed in batches', async () => {
    const { fileSource } = await t.caller.datasources.import({ id: 'my', sql: `SELECT id, label FROM ${bigTable} WHERE id > 10`, tableName: 'my_big', wait: true });
    expect(fileSource).toMatchObject({ row_count: 49_990, columns: ['id', 'label'], file_type: 'database_query' });
    const [check] = await duck<{ s: string }>('SELECT sum(id)::VARCHAR s FROM my_big');
    expect(check!.s).toBe(String((50_000 * 50_001) / 2 - 55));
  });
});

describe('MySQL / MariaDB import cancel', () => {
  it('cancels a streaming import mid-way: nothing left in DuckDB, and the pool still answers', async () => {
    const sql = `SELECT a.id AS a_id, b.label FROM ${bigTable} a CROSS JOIN ${bigTable} b LIMIT 3000000`;
    const { progressId } = await t.caller.datasources.import({ id: 'my', sql, tableName: 'my_cancelled' });
    for (let i = 0; i < 400 && (getProgress(progressId)?.rowsDone ?? 0) === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(getProgress(progressId)!.rowsDone).toBeGreaterThan(0);
    expect(await t.caller.datasources.cancelImport({ progressId })).toEqual({ cancelled: true });
    for (let i = 0; i < 400 && getProgress(progressId)?.state === 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(getProgress(progressId)).toMatchObject({ state: 'cancelled' });
    expect(getProgress(progressId)!.rowsDone).toBeLessThan(3_000_000);
    const [left] = await duck<{ n: bigint }>(
      `SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name ILIKE '%my_cancelled%' OR table_name LIKE '\\_dq\\_%' ESCAPE '\\') + (SELECT count(*) FROM system_file_sources WHERE source_id = 'my_cancelled') AS n`,
    );
    expect(left!.n).toBe(0n);
    expect((await t.caller.datasources.query({ id: 'my', sql: 'SELECT 1 AS one' })).rows).toEqual([[1]]);
  }, 60_000);
});
