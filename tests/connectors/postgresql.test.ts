import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { queryRows } from '@/server/db/rows';
import { getProgress } from '@/server/progress/progress-registry';
import { openTestApp } from '../helpers/test-app';
import { closedPort, PG, PG_CA_FILE, pgAdmin, setUpOrFailEach, uniquePrefix } from './servers';

const schema = uniquePrefix('dq_pg').toLowerCase();
let admin: pg.Client;
let t: Awaited<ReturnType<typeof openTestApp>>;

const params = (extra: Record<string, unknown> = {}) => ({ ...PG, schema, ...extra });
const duck = <T = Record<string, unknown>>(sql: string, values: unknown[] = []) => t.database.read((c) => queryRows<T>(c, sql, values as never));

setUpOrFailEach(async () => {
  admin = await pgAdmin();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`
    CREATE TABLE ${schema}.all_types (
      id integer PRIMARY KEY, b boolean, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision,
      n numeric(38,10), n2 numeric(5,2), nfree numeric, t text, vc varchar(20), d date, ts timestamp(6), tstz timestamptz,
      tm time, iv interval, u uuid, j json, jb jsonb, by bytea, ai integer[], atext text[]
    )`);
  await admin.query(`INSERT INTO ${schema}.all_types VALUES
    (1, true, 12, 34, 56, 1.5, 2.25, 123.4567890123, 999.99, 3.14159265358979323846264338327950288419716939937510, 'plain', 'short',
     '2024-02-29', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.654321+05:30', '23:59:59.999999', '1 year 2 mons 3 days 04:05:06.5',
     'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2]}', '{"k": "v"}', '\\x00ff10', '{1,NULL,3}', '{"x,y","q\\"uote",NULL}'),
    (2, false, -32768, 2147483647, -9223372036854775808, 'Infinity', 1.7976931348623157e308,
     9999999999999999999999999999.9999999999, -999.99, 0.000000000000000000000000000001, E'ünïcødé "quotes" \\n newline\\t tab', '',
     '0044-03-15 BC', '0001-01-01 00:00:00', 'infinity', '00:00:00', '-3 days', '00000000-0000-0000-0000-000000000000', '[]', '"str"', '\\x', '{}', '{}'),
    (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
  await admin.query(`CREATE TABLE ${schema}.million AS SELECT g AS id, 'row ' || g AS label, (g * 0.5)::numeric(12,1) AS half, now() AS at FROM generate_series(1, 1000000) g`);
  await admin.query(`CREATE VIEW ${schema}.small_view AS SELECT id, t FROM ${schema}.all_types`);
  t = await openTestApp();
  await t.caller.datasources.create({ id: 'pg', name: 'Test PG', type: 'postgresql', params: params() });
}, 120_000);

afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
  t?.close();
});

describe('PostgreSQL connection test', () => {
  it('reports the server version and latency, and marks the saved connection active', async () => {
    const { result, connection } = await t.caller.datasources.test({ id: 'pg' });
    expect(result.success).toBe(true);
    expect(result.database_info?.version).toMatch(/^PostgreSQL \d+/);
    expect(result.latency_ms).toBeGreaterThan(0);
    expect(connection.status).toBe('active');
    expect(connection.last_tested).toBeInstanceOf(Date);
  });

  it('says "wrong user name or password", without the password, and marks the connection error', async () => {
    await t.caller.datasources.create({ id: 'pg_badpw', type: 'postgresql', params: params({ password: 'not-the-pw-123' }) });
    const { result, connection } = await t.caller.datasources.test({ id: 'pg_badpw' });
    expect(result.success).toBe(false);
    expect(result.message).toMatch(/Wrong user name or password for user 'duckquery_test'/);
    expect(JSON.stringify(result)).not.toContain('not-the-pw-123');
    expect(connection.status).toBe('error');
  });

  it('says nothing listens on a closed port', async () => {
    const result = await t.caller.datasources.testParams({ type: 'postgresql', params: params({ port: await closedPort() }) });
    expect(result).toMatchObject({ success: false, contacted: true });
    expect(result.message).toMatch(/Nothing is listening at 127\.0\.0\.1:\d+/);
  });

  it('says the database does not exist', async () => {
    const result = await t.caller.datasources.testParams({ type: 'postgresql', params: params({ database: 'no_such_db_here' }) });
    expect(result.success).toBe(false);
    expect(result.message).toMatch(/The database 'no_such_db_here' does not exist/);
  });

  it('TLS: require encrypts; verify-full refuses the self-signed certificate, and accepts it given as ssl_ca', async () => {
    await t.caller.datasources.create({ id: 'pg_tls', type: 'postgresql', params: params({ ssl: 'require' }) });
    const encrypted = await t.caller.datasources.query({ id: 'pg_tls', sql: 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()' });
    expect(encrypted.rows).toEqual([[true]]);
    const plain = await t.caller.datasources.query({ id: 'pg', sql: 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()' });
    expect(plain.rows).toEqual([[false]]);

    const unverified = await t.caller.datasources.testParams({ type: 'postgresql', params: params({ ssl: 'verify-full' }) });
    expect(unverified.success).toBe(false);
    expect(unverified.message).toMatch(/^The TLS connection to 127\.0\.0\.1:\d+ failed\. \(.*self[- ]signed/);
    const verified = await t.caller.datasources.testParams({ type: 'postgresql', params: params({ ssl: 'verify-full', ssl_ca: fs.readFileSync(PG_CA_FILE, 'utf8') }) });
    expect(verified.success).toBe(true);
  });

  it('says which params are missing without contacting anything', async () => {
    const result = await t.caller.datasources.testParams({ type: 'postgresql', params: { host: 'x' } });
    expect(result).toMatchObject({ success: false, contacted: false });
    expect(result.message).toMatch(/user/);
    expect(result.message).toMatch(/database/);
  });
});

describe('PostgreSQL browse and query', () => {
  it('lists tables and views, its own schema first', async () => {
    const tables = await t.caller.datasources.tables({ id: 'pg' });
    const mine = tables.filter((x) => x.schema === schema);
    expect(mine.map((x) => [x.name, x.type])).toEqual([
      ['all_types', 'table'],
      ['million', 'table'],
      ['small_view', 'view'],
    ]);
    expect(tables[0]!.schema).toBe(schema);
  });

  it('describes a table: source types, the DuckDB types an import gives, nullability, row count, sample', async () => {
    const d = await t.caller.datasources.describeTable({ id: 'pg', table: 'all_types', sampleRows: 2 });
    const types = Object.fromEntries(d.columns.map((c) => [c.name, c.duckdb_type]));
    expect(types).toMatchObject({
      b: 'BOOLEAN', i8: 'BIGINT', f4: 'FLOAT', n: 'DECIMAL(38,10)', n2: 'DECIMAL(5,2)', nfree: 'VARCHAR', ts: 'TIMESTAMP', tstz: 'TIMESTAMPTZ',
      iv: 'INTERVAL', u: 'UUID', j: 'JSON', jb: 'JSON', by: 'BLOB', ai: 'INTEGER[]', atext: 'VARCHAR[]',
    });
    expect(d.columns.find((c) => c.name === 'id')).toMatchObject({ source_type: 'integer', nullable: false });
    expect(d.rowCount).toBe(3);
    expect(d.sample.rows).toHaveLength(2);
    await expect(t.caller.datasources.describeTable({ id: 'pg', table: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs a query and answers typed values, truncated at the limit', async () => {
    const answer = await t.caller.datasources.query({ id: 'pg', sql: `SELECT id, i8, n, tstz, ai, j FROM ${schema}.all_types ORDER BY id;`, limit: 2 });
    expect(answer.columns.map((c) => c.name)).toEqual(['id', 'i8', 'n', 'tstz', 'ai', 'j']);
    expect(answer.truncated).toBe(true);
    expect(answer.rows[0]).toEqual([1, 56, '123.4567890123', '2024-02-29T07:44:15.654321Z', [1, null, 3], { a: [1, 2] }]);
    expect(answer.rows[1]).toEqual([2, '-9223372036854775808', '9999999999999999999999999999.9999999999', 'infinity', [], []]);
  });

  it('runs queries read-only unless the connection is writable', async () => {
    await expect(t.caller.datasources.query({ id: 'pg', sql: `INSERT INTO ${schema}.all_types (id) VALUES (99)` })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/read-only/),
    });
    await t.caller.datasources.create({ id: 'pg_rw', type: 'postgresql', params: params({ writable: true }) });
    await t.caller.datasources.query({ id: 'pg_rw', sql: `INSERT INTO ${schema}.all_types (id) VALUES (99)` });
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.all_types WHERE id = 99`)).rows[0].n).toBe(1);
    await admin.query(`DELETE FROM ${schema}.all_types WHERE id = 99`);
    // A query that may change the external database is audited (who, which connection, the SQL), without the password.
    const audit = await t.caller.migrations.auditLog({ targetType: 'datasource' });
    const row = audit.items.find((r) => r.action === 'datasource.query');
    expect(row).toMatchObject({ actor: 'tester', target_id: 'pg_rw', outcome: 'ok', details: { sql: `INSERT INTO ${schema}.all_types (id) VALUES (99)` } });
    expect(JSON.stringify(audit)).not.toContain(PG.password);
  });

  it('cannot leave the read-only transaction with more statements, even ones smuggled into the wrapping subquery', async () => {
    const smuggled = [
      `SELECT 1; COMMIT; DELETE FROM ${schema}.all_types WHERE id = 3`,
      `SELECT 1) AS x; COMMIT; DELETE FROM ${schema}.all_types WHERE id = 3; SELECT * FROM (SELECT 1`,
    ];
    for (const sql of smuggled) await expect(t.caller.datasources.query({ id: 'pg', sql })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.all_types WHERE id = 3`)).rows[0].n).toBe(1);
  });

  it('stops a query at the connection query timeout', async () => {
    await t.caller.datasources.create({ id: 'pg_slow', type: 'postgresql', params: params({ query_timeout_seconds: 1 }) });
    const started = performance.now();
    await expect(t.caller.datasources.query({ id: 'pg_slow', sql: 'SELECT pg_sleep(10)' })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('closes the pool of a connection that is changed or deleted', async () => {
    const count = async () =>
      Number((await admin.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'DuckQuery pg_pool' AND client_port IS NOT NULL`)).rows[0].n);
    // A backend leaves pg_stat_activity a moment after its client hung up: wait up to 3 s for the expected count.
    const open = async (expected: number) => {
      let n = await count();
      for (let i = 0; i < 60 && n !== expected; i++) n = await new Promise<number>((r) => setTimeout(() => r(count()), 50));
      return n;
    };
    await t.caller.datasources.create({ id: 'pg_pool', type: 'postgresql', params: params() });
    expect(await open(0)).toBe(0);
    await t.caller.datasources.tables({ id: 'pg_pool' });
    expect(await open(1)).toBe(1);
    await t.caller.datasources.update({ id: 'pg_pool', patch: { name: 'renamed' } });
    expect(await open(0)).toBe(0);
    await t.caller.datasources.tables({ id: 'pg_pool' });
    expect(await open(1)).toBe(1);
    await t.caller.datasources.delete({ id: 'pg_pool' });
    expect(await open(0)).toBe(0);
  });
});

describe('PostgreSQL import into DuckDB', () => {
  it('lands every common type faithfully, NULLs and extreme values included, with its file-source row', async () => {
    const { fileSource } = await t.caller.datasources.import({ id: 'pg', table: 'all_types', tableName: 'pg_all_types', wait: true });
    expect(fileSource).toMatchObject({ source_id: 'pg_all_types', row_count: 3, column_count: 23, file_type: 'database_table' });
    expect(fileSource!.extra).toMatchObject({ source_datasource: 'pg', source_datasource_type: 'postgresql', source_table: 'all_types' });
    expect(fileSource!.extra.source_sql).toBe(`SELECT * FROM "${schema}"."all_types"`);

    const described = await duck<{ column_name: string; column_type: string }>('DESCRIBE pg_all_types');
    expect(Object.fromEntries(described.map((c) => [c.column_name, c.column_type]))).toMatchObject({
      id: 'INTEGER', b: 'BOOLEAN', i2: 'SMALLINT', i8: 'BIGINT', f4: 'FLOAT', f8: 'DOUBLE', n: 'DECIMAL(38,10)', n2: 'DECIMAL(5,2)', nfree: 'VARCHAR',
      d: 'DATE', ts: 'TIMESTAMP', tstz: 'TIMESTAMP WITH TIME ZONE', tm: 'TIME', iv: 'INTERVAL', u: 'UUID', j: 'JSON', by: 'BLOB', ai: 'INTEGER[]', atext: 'VARCHAR[]',
    });
    const rows = await duck<Record<string, string | null>>(
      `SELECT id::VARCHAR id, b::VARCHAR b, i2::VARCHAR i2, i4::VARCHAR i4, i8::VARCHAR i8, f4::VARCHAR f4, f8::VARCHAR f8, n::VARCHAR n, n2::VARCHAR n2, nfree,
              t, vc, d::VARCHAR d, ts::VARCHAR ts, tstz::VARCHAR tstz, tm::VARCHAR tm, iv::VARCHAR iv, u::VARCHAR u, j::VARCHAR j, jb::VARCHAR jb,
              hex("by") "by", ai::VARCHAR ai, to_json(atext)::VARCHAR atext
         FROM pg_all_types ORDER BY id`,
    );
    expect(rows[0]).toEqual({
      id: '1', b: 'true', i2: '12', i4: '34', i8: '56', f4: '1.5', f8: '2.25', n: '123.4567890123', n2: '999.99',
      nfree: '3.14159265358979323846264338327950288419716939937510', t: 'plain', vc: 'short', d: '2024-02-29', ts: '2024-02-29 13:14:15.123456',
      tstz: '2024-02-29 07:44:15.654321+00', tm: '23:59:59.999999', iv: '1 year 2 months 3 days 04:05:06.5', u: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      j: '{"a": [1, 2]}', jb: '{"k": "v"}', by: '00FF10', ai: '[1, NULL, 3]', atext: '["x,y","q\\"uote",null]',
    });
    expect(rows[1]).toEqual({
      id: '2', b: 'false', i2: '-32768', i4: '2147483647', i8: '-9223372036854775808', f4: 'inf', f8: '1.7976931348623157e+308',
      n: '9999999999999999999999999999.9999999999', n2: '-999.99', nfree: '0.000000000000000000000000000001', t: 'ünïcødé "quotes" \n newline\t tab', vc: '',
      d: '0044-03-15 (BC)', ts: '0001-01-01 00:00:00', tstz: 'infinity', tm: '00:00:00', iv: '-3 days', u: '00000000-0000-0000-0000-000000000000',
      j: '[]', jb: '"str"', by: '', ai: '[]', atext: '[]',
    });
    expect(Object.entries(rows[2]!).filter(([k, v]) => k !== 'id' && v !== null)).toEqual([]);
  });

  it('imports a query result, and a taken name is a conflict unless replace is asked for', async () => {
    const sql = `SELECT id, t AS text_value FROM ${schema}.all_types WHERE id < 3`;
    const first = await t.caller.datasources.import({ id: 'pg', sql, tableName: 'pg_query', wait: true });
    expect(first.fileSource).toMatchObject({ row_count: 2, columns: ['id', 'text_value'], file_type: 'database_query' });
    expect(first.fileSource!.extra).toMatchObject({ source_sql: sql, source_datasource: 'pg' });
    await expect(t.caller.datasources.import({ id: 'pg', sql, tableName: 'pg_query', wait: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    const replaced = await t.caller.datasources.import({ id: 'pg', sql: `${sql} AND id = 1`, tableName: 'pg_query', ifExists: 'replace', wait: true });
    expect(replaced.fileSource!.row_count).toBe(1);
  });

  it('imports 1 M rows, streamed, with progress', async () => {
    const started = await t.caller.datasources.import({ id: 'pg', table: 'million', tableName: 'pg_million', wait: true });
    expect(started.fileSource!.row_count).toBe(1_000_000);
    const [check] = await duck<{ n: bigint; s: string; h: string }>('SELECT count(*) n, sum(id)::VARCHAR s, sum(half)::VARCHAR h FROM pg_million');
    expect(check).toEqual({ n: 1_000_000n, s: '500000500000', h: '250000250000.0' });
    const progress = getProgress(started.progressId)!;
    expect(progress).toMatchObject({ state: 'done', kind: 'connector_import', rowsDone: 1_000_000, rowsTotal: 1_000_000 });
  }, 120_000);

  it('cancels an import mid-way: no table, no file-source row, no staging table left', async () => {
    const { progressId } = await t.caller.datasources.import({ id: 'pg', table: 'million', tableName: 'pg_cancelled' });
    for (let i = 0; i < 400 && (getProgress(progressId)?.rowsDone ?? 0) === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(getProgress(progressId)!.rowsDone).toBeGreaterThan(0);
    expect(getProgress(progressId)!.rowsDone).toBeLessThan(1_000_000);
    expect(await t.caller.datasources.cancelImport({ progressId })).toEqual({ cancelled: true });
    for (let i = 0; i < 400 && getProgress(progressId)?.state === 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(getProgress(progressId)!.state).toBe('cancelled');
    const left = await duck<{ n: bigint }>(
      `SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name ILIKE '%pg_cancelled%' OR table_name LIKE '\\_dq\\_%' ESCAPE '\\' OR table_name LIKE 'dq_raw_%')
            + (SELECT count(*) FROM system_file_sources WHERE source_id = 'pg_cancelled') AS n`,
    );
    expect(left[0]!.n).toBe(0n);
  }, 60_000);
});
