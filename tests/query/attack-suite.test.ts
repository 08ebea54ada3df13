import fs from 'node:fs';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, databaseFingerprint, openQueryApp, type QueryApp } from './query-test-app';

/**
 * Issue 4's proof: hostile SQL and inputs sent through the real tRPC router, as a user with write
 * rights. Each is refused (or contained: capped, stopped) and afterwards every table, the catalog,
 * the engine settings and the data folder are exactly as before; the audit log only grew.
 */
let t: QueryApp;
let before: Record<string, string>;
let auditBefore: Awaited<ReturnType<typeof auditRows>>;
let p: { db: string; key: string; data: string; uploads: string; exports: string };

const SYSTEM_TABLES = [
  'system_schema_migrations',
  'system_file_sources',
  'system_sql_favorites',
  'system_datasources',
  'system_legacy_imports',
  'system_audit_log',
];

beforeAll(async () => {
  t = await openQueryApp({ DUCKQUERY_QUERY_TIMEOUT_MS: '1500' });
  p = { db: t.config.dbPath, key: t.config.secretKeyPath, data: t.config.dataDir, uploads: t.config.uploadsDir, exports: t.config.exportsDir };
  fs.writeFileSync(path.join(p.uploads, 'ok.csv'), 'a,b\n1,2\n');
  // Rows shaped like system_audit_log's, so that a COPY … FROM would otherwise succeed.
  fs.writeFileSync(path.join(p.uploads, 'audit.csv'), `id,occurred_at,actor,action,target_type,target_id,outcome,details,duration_ms\n999,2025-01-01 00:00:00+00,eve,x,,,ok,{},1\n`);
  fs.symlinkSync(p.key, path.join(p.uploads, 'key-link.csv'));
  fs.symlinkSync(p.data, path.join(p.exports, 'data-link'));
  before = await databaseFingerprint(t.database, p.data);
  auditBefore = await auditRows(t.database);
});
afterAll(() => t.close());

type Outcome = 'FORBIDDEN' | 'BAD_REQUEST' | 'TIMEOUT';

/** [what it tries, the SQL, how it must fail] — SQL built lazily, once the paths are known. */
const ATTACKS: [string, () => string, Outcome][] = [
  // File reads: the engine allows the upload, mount and export folders only.
  ['read_csv of /etc/passwd', () => `SELECT * FROM read_csv('/etc/passwd')`, 'FORBIDDEN'],
  ['read_csv_auto of /etc/passwd', () => `SELECT * FROM read_csv_auto('/etc/passwd')`, 'FORBIDDEN'],
  ['read_json of the secret key', () => `SELECT * FROM read_json('${p.key}')`, 'FORBIDDEN'],
  ['read_json_auto of /etc/passwd', () => `SELECT * FROM read_json_auto('/etc/passwd')`, 'FORBIDDEN'],
  ['read_ndjson_objects of /proc/self/environ', () => `SELECT * FROM read_ndjson_objects('/proc/self/environ')`, 'FORBIDDEN'],
  ['read_parquet of /etc/passwd', () => `SELECT * FROM read_parquet('/etc/passwd')`, 'FORBIDDEN'],
  ['parquet_metadata of /etc/passwd', () => `SELECT * FROM parquet_metadata('/etc/passwd')`, 'FORBIDDEN'],
  ['read_text of the secret key', () => `SELECT * FROM read_text('${p.key}')`, 'FORBIDDEN'],
  ['read_blob of /etc/shadow', () => `SELECT * FROM read_blob('/etc/shadow')`, 'FORBIDDEN'],
  ['sniff_csv of /etc/passwd', () => `SELECT * FROM sniff_csv('/etc/passwd')`, 'FORBIDDEN'],
  ['glob of /etc', () => `SELECT * FROM glob('/etc/*')`, 'FORBIDDEN'],
  ['glob of the data folder', () => `SELECT * FROM glob('${p.data}/*')`, 'FORBIDDEN'],
  ['FROM a file path (replacement scan)', () => `SELECT * FROM '/etc/passwd'`, 'BAD_REQUEST'],
  ['.. out of the uploads folder', () => `SELECT * FROM read_text('${p.uploads}/../secret.key')`, 'FORBIDDEN'],
  ['a symlink in uploads to the key', () => `SELECT * FROM read_csv('${p.uploads}/key-link.csv')`, 'FORBIDDEN'],
  ['a sibling folder sharing the prefix', () => `SELECT * FROM read_text('${p.uploads}x/secret')`, 'FORBIDDEN'],
  ['a URL (network read)', () => `SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')`, 'FORBIDDEN'],
  ['read_duckdb of the database file', () => `SELECT * FROM read_duckdb('${p.db}', table_name := 'system_datasources')`, 'BAD_REQUEST'],
  // File writes: COPY … TO only inside the exports folder.
  ['COPY TO /tmp', () => `COPY sales TO '/tmp/duckquery-attack.csv'`, 'FORBIDDEN'],
  ['COPY TO ../ out of exports', () => `COPY sales TO '${p.exports}/../escape.csv'`, 'FORBIDDEN'],
  ['COPY TO a symlink in exports pointing out', () => `COPY sales TO '${p.exports}/data-link/escape.csv'`, 'FORBIDDEN'],
  ['COPY TO the write-ahead log', () => `COPY sales TO '${p.db}.wal'`, 'FORBIDDEN'],
  ['COPY TO the database file', () => `COPY sales TO '${p.db}'`, 'FORBIDDEN'],
  ['COPY secrets into the uploads folder', () => `COPY (SELECT * FROM system_datasources) TO '${p.uploads}/leak.csv'`, 'FORBIDDEN'],
  ['COPY TO a relative path', () => `COPY sales TO 'leak.csv'`, 'FORBIDDEN'],
  ['EXPORT DATABASE into exports', () => `EXPORT DATABASE '${p.exports}/dump'`, 'FORBIDDEN'],
  ['COPY FROM DATABASE', () => `COPY FROM DATABASE duckquery TO other`, 'BAD_REQUEST'],
  // Other databases and extensions.
  ['ATTACH the database file again', () => `ATTACH '${p.db}' AS again`, 'FORBIDDEN'],
  ['ATTACH a new file in exports', () => `ATTACH '${p.exports}/new.duckdb' AS fresh`, 'FORBIDDEN'],
  ['ATTACH in-memory', () => `ATTACH ':memory:' AS scratch`, 'FORBIDDEN'],
  ['DETACH the database', () => `DETACH duckquery`, 'FORBIDDEN'],
  ['USE another catalog', () => `USE system`, 'FORBIDDEN'],
  ['INSTALL an extension', () => `INSTALL httpfs`, 'FORBIDDEN'],
  ['LOAD an extension', () => `LOAD httpfs`, 'FORBIDDEN'],
  ['LOAD an extension file', () => `LOAD '${p.uploads}/evil.duckdb_extension'`, 'FORBIDDEN'],
  ['UPDATE EXTENSIONS', () => `UPDATE EXTENSIONS`, 'FORBIDDEN'],
  ['CREATE SECRET', () => `CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')`, 'FORBIDDEN'],
  // Engine settings are locked.
  ['SET enable_external_access', () => `SET enable_external_access = true`, 'FORBIDDEN'],
  ['SET GLOBAL allowed_directories', () => `SET GLOBAL allowed_directories = ['/']`, 'FORBIDDEN'],
  ['RESET lock_configuration', () => `RESET lock_configuration`, 'FORBIDDEN'],
  ['SET memory_limit', () => `SET memory_limit = '1TB'`, 'FORBIDDEN'],
  ['PRAGMA disabling the shutdown checkpoint', () => `PRAGMA disable_checkpoint_on_shutdown`, 'FORBIDDEN'],
  ['PRAGMA enable_profiling', () => `PRAGMA enable_profiling`, 'FORBIDDEN'],
  ['PRAGMA memory_limit', () => `PRAGMA memory_limit = '1TB'`, 'FORBIDDEN'],
  ['CALL enable_logging()', () => `CALL enable_logging()`, 'FORBIDDEN'],
  ['force_checkpoint() in a SELECT', () => `SELECT * FROM force_checkpoint()`, 'FORBIDDEN'],
  ['CHECKPOINT', () => `CHECKPOINT`, 'FORBIDDEN'],
  ['VACUUM', () => `VACUUM`, 'FORBIDDEN'],
  ['ANALYZE', () => `ANALYZE`, 'FORBIDDEN'],
  // System tables, by every route to a write.
  ...SYSTEM_TABLES.flatMap((table): [string, () => string, Outcome][] => [
    [`DELETE FROM ${table}`, () => `DELETE FROM ${table}`, 'FORBIDDEN'],
    [`TRUNCATE ${table}`, () => `TRUNCATE ${table}`, 'FORBIDDEN'],
    [`UPDATE ${table}`, () => `UPDATE ${table} SET ${table === 'system_schema_migrations' ? 'name' : table === 'system_file_sources' ? 'filename' : table === 'system_legacy_imports' ? 'status' : table === 'system_audit_log' ? 'actor' : 'name'} = 'x'`, 'FORBIDDEN'],
    [`INSERT INTO ${table} SELECT * FROM ${table}`, () => `INSERT INTO ${table} SELECT * FROM ${table}`, 'FORBIDDEN'],
    [`DROP TABLE ${table}`, () => `DROP TABLE ${table}`, 'FORBIDDEN'],
    [`ALTER TABLE ${table}`, () => `ALTER TABLE ${table} ADD COLUMN pwned INTEGER`, 'FORBIDDEN'],
    [`CREATE OR REPLACE TABLE ${table}`, () => `CREATE OR REPLACE TABLE ${table} AS SELECT 1 AS x`, 'FORBIDDEN'],
  ]),
  ['INSERT … SELECT through a CTE', () => `WITH f AS (SELECT * FROM system_sql_favorites) INSERT INTO system_sql_favorites SELECT * FROM f`, 'FORBIDDEN'],
  ['DELETE through a CTE', () => `WITH x AS (SELECT 1) DELETE FROM system_file_sources WHERE source_id IN (SELECT 'sales' FROM x)`, 'FORBIDDEN'],
  ['MERGE INTO a system table', () => `MERGE INTO system_file_sources USING sales ON false WHEN MATCHED THEN DELETE`, 'FORBIDDEN'],
  ['INSERT … ON CONFLICT into a system table', () => `INSERT INTO system_sql_favorites SELECT * FROM system_sql_favorites ON CONFLICT DO NOTHING`, 'FORBIDDEN'],
  ['COPY FROM a file into a system table', () => `COPY system_audit_log FROM '${p.uploads}/audit.csv' (HEADER)`, 'FORBIDDEN'],
  [
    'INSERT from a file reader into a system table (checked after it ran, rolled back)',
    () => `INSERT INTO system_file_sources (source_id, filename, file_type, created_at, updated_at)
           SELECT 'planted_' || a, 'x.csv', 'csv', now(), now() FROM read_csv('${p.uploads}/ok.csv')`,
    'FORBIDDEN',
  ],
  [
    'UPDATE of a system table driven by a file reader (checked after it ran, rolled back)',
    () => `UPDATE system_sql_favorites SET sql = 'pwned' WHERE usage_count NOT IN (SELECT a FROM read_csv('${p.uploads}/ok.csv'))`,
    'FORBIDDEN',
  ],
  ['a quoted name', () => `DELETE FROM "system_audit_log"`, 'FORBIDDEN'],
  ['a schema-qualified name', () => `DELETE FROM main.system_audit_log`, 'FORBIDDEN'],
  ['a catalog-qualified name', () => `DELETE FROM duckquery.main.system_audit_log`, 'FORBIDDEN'],
  ['upper case', () => `DELETE FROM SYSTEM_AUDIT_LOG`, 'FORBIDDEN'],
  ['mixed-case quoted name', () => `DeLeTe FrOm "SyStEm_AuDiT_lOg"`, 'FORBIDDEN'],
  ['the system sequence', () => `SELECT nextval('system_audit_log_seq')`, 'FORBIDDEN'],
  ['dropping the system sequence', () => `DROP SEQUENCE system_audit_log_seq`, 'FORBIDDEN'],
  ['COMMENT ON a system table', () => `COMMENT ON TABLE system_datasources IS 'pwned'`, 'FORBIDDEN'],
  ['an index on a system table', () => `CREATE INDEX pwned ON system_audit_log (actor)`, 'FORBIDDEN'],
  ['renaming a user table into the system namespace', () => `ALTER TABLE sales RENAME TO system_sales`, 'FORBIDDEN'],
  ['a new table in the system namespace', () => `CREATE TABLE system_extra AS SELECT 1 AS x`, 'FORBIDDEN'],
  ['a view in the system namespace', () => `CREATE VIEW system_v AS SELECT 1 AS x`, 'FORBIDDEN'],
  ['a temp table shadowing a system table', () => `CREATE TEMP TABLE system_audit_log AS SELECT 1 AS x`, 'FORBIDDEN'],
  ['a foreign key onto a system table', () => `CREATE TABLE fk_trap (id VARCHAR REFERENCES system_sql_favorites (id))`, 'FORBIDDEN'],
  ['a default drawing from a system sequence', () => `CREATE TABLE seq_trap (id BIGINT DEFAULT nextval('system_audit_log_seq'))`, 'FORBIDDEN'],
  ['DROP SCHEMA main CASCADE', () => `DROP SCHEMA main CASCADE`, 'FORBIDDEN'],
  ['CREATE SCHEMA', () => `CREATE SCHEMA side`, 'FORBIDDEN'],
  ['a macro shadowing now()', () => `CREATE MACRO now() AS TIMESTAMPTZ '2000-01-01'`, 'FORBIDDEN'],
  ['a macro shadowing duckdb_tables()', () => `CREATE OR REPLACE MACRO duckdb_tables() AS TABLE SELECT 'x' AS table_name`, 'FORBIDDEN'],
  ['CREATE TYPE', () => `CREATE TYPE mood AS ENUM ('sad')`, 'FORBIDDEN'],
  ['EXPLAIN ANALYZE of a delete', () => `EXPLAIN ANALYZE DELETE FROM system_audit_log`, 'FORBIDDEN'],
  ['PREPARE of a delete', () => `PREPARE p AS DELETE FROM system_audit_log`, 'FORBIDDEN'],
  ['json_execute_serialized_sql', () => `SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))`, 'FORBIDDEN'],
  // Smuggling: every statement of a batch is checked, and a refusal rolls the whole batch back.
  ['a DROP after a SELECT', () => `SELECT 1; DROP TABLE system_audit_log`, 'FORBIDDEN'],
  ['a user-table CTAS, then a system delete (both rolled back)', () => `CREATE TABLE smuggled AS SELECT 1 AS x; DELETE FROM system_file_sources`, 'FORBIDDEN'],
  ['a user-table drop, then a system drop (both rolled back)', () => `DROP TABLE regions; DROP TABLE system_datasources`, 'FORBIDDEN'],
  ['an explicit transaction', () => `BEGIN; DROP TABLE system_audit_log; COMMIT`, 'FORBIDDEN'],
  ['a ROLLBACK to escape the batch transaction', () => `ROLLBACK; DROP TABLE regions`, 'FORBIDDEN'],
  ['a statement hidden after a line comment', () => `SELECT 1 -- harmless\n; DROP TABLE system_audit_log`, 'FORBIDDEN'],
  ['a statement hidden after a block comment', () => `/* ; */ SELECT 1; /* */ DROP TABLE system_audit_log`, 'FORBIDDEN'],
  ['a comment inside the statement', () => `DELETE /* harmless */ FROM system_audit_log -- ;`, 'FORBIDDEN'],
  ['a dollar-quoted semicolon', () => `SELECT $$;$$; DROP TABLE system_audit_log`, 'FORBIDDEN'],
  ['an escaped quote before a semicolon', () => `SELECT E'\\';'; DROP TABLE system_audit_log`, 'FORBIDDEN'],
  ['an unterminated string', () => `SELECT 'abc; DROP TABLE system_audit_log`, 'BAD_REQUEST'],
  ['an unterminated comment', () => `SELECT 1 /* DROP TABLE system_audit_log`, 'BAD_REQUEST'],
  ['a PIVOT that expands into a hidden CREATE TYPE', () => `PIVOT sales ON region_id USING sum(amount)`, 'BAD_REQUEST'],
  // Unicode look-alikes: a different table (not found), or a refused look-alike name.
  ['DROP of a Cyrillic look-alike (another table)', () => `DROP TABLE "ѕystem_audit_log"`, 'BAD_REQUEST'],
  ['a Cyrillic look-alike table', () => `CREATE TABLE "ѕуѕtеm_audit_log" AS SELECT 1 AS x`, 'FORBIDDEN'],
  ['a full-width look-alike table', () => `CREATE TABLE "ｓｙｓｔｅｍ＿audit" AS SELECT 1 AS x`, 'FORBIDDEN'],
  ['a zero-width space in the name', () => `CREATE TABLE "sys\u200btem_audit" AS SELECT 1 AS x`, 'FORBIDDEN'],
  // Runaway work is stopped by the timeout.
  ['a runaway aggregate', () => `SELECT count(*) FROM range(1000000000000)`, 'TIMEOUT'],
  ['a runaway cross join', () => `SELECT count(*) FROM range(100000000) a, range(100000000) b`, 'TIMEOUT'],
];

async function failure(sql: string): Promise<TRPCError> {
  try {
    await t.caller.query.run({ sql });
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    return error as TRPCError;
  }
  throw new Error(`not refused: ${sql}`);
}

describe('the SQL box refuses or contains hostile statements, leaving the database unchanged', () => {
  it('has at least 40 distinct attacks', () => {
    expect(new Set(ATTACKS.map(([name]) => name)).size).toBe(ATTACKS.length);
    expect(ATTACKS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(ATTACKS)('%s', async (_name, sql, outcome) => {
    const error = await failure(sql());
    expect(error.code).toBe(outcome);
    expect(error.message.length).toBeGreaterThan(10);
    expect(await databaseFingerprint(t.database, p.data)).toEqual(before);
  });

  it('names the refused statement and the reason', async () => {
    const error = await failure('SELECT 1; DROP TABLE system_audit_log');
    expect(error.message).toMatch(/statement 2 of 2/);
    expect(error.message).toMatch(/system_audit_log/);
    expect(error.message).toMatch(/No change was committed/);
  });

  it('contains a huge result: paged at max_query_rows, never computing the rest', async () => {
    const started = performance.now();
    const result = await t.caller.query.run({ sql: 'SELECT * FROM range(1000000000000)' });
    expect(result.rowCount).toBe(10_000);
    expect(result.truncated).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
    const wide = await t.caller.query.run({ sql: `SELECT repeat('x', 1000000) AS blob FROM range(100)` });
    expect(wide.truncated).toBe(true);
    expect(wide.rowCount).toBeLessThan(100);
  });

  it('keeps a string that looks like a smuggled statement as data', async () => {
    const result = await t.caller.query.run({ sql: `SELECT '; DROP TABLE system_audit_log; --' AS s, "x;y" FROM (SELECT 1 AS "x;y")` });
    expect(result.rows).toEqual([['; DROP TABLE system_audit_log; --', 1]]);
  });

  it('refuses oversized and empty inputs before they reach DuckDB', async () => {
    await expect(t.caller.query.run({ sql: 'x'.repeat(1_000_001) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller.query.run({ sql: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller.query.run({ sql: ' ;; -- nothing\n' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller.query.run({ sql: 'SELECT 1', queryId: '../../etc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('left every table, the catalog, the settings and the files as they were; the audit log only grew', async () => {
    expect(await databaseFingerprint(t.database, p.data)).toEqual(before);
    const after = await auditRows(t.database);
    expect(after.slice(0, auditBefore.length)).toEqual(auditBefore);
    const added = after.slice(auditBefore.length);
    expect(added.length).toBeGreaterThanOrEqual(40);
    for (const row of added) expect(row).toMatchObject({ action: 'query.refused', outcome: 'error' });
    expect(fs.existsSync('/tmp/duckquery-attack.csv')).toBe(false);
  });
});
