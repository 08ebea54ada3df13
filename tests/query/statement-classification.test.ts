import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { checkPlans, isExportPath } from '@/server/query/plan-policy';
import { guardStatement } from '@/server/query/statement-guard';
import { splitStatements } from '@/server/query/sql-lexer';

/** Classification by DuckDB's own parser and binder, on an in-memory database with a user and a system table. */
let instance: DuckDBInstance;
let connection: DuckDBConnection;
const exportsDir = path.join(os.tmpdir(), 'duckquery-classify-exports');

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(`CREATE TABLE t AS SELECT 1 AS a; CREATE TABLE system_x (id VARCHAR PRIMARY KEY); CREATE SEQUENCE system_seq; CREATE SEQUENCE user_seq`);
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

async function verdict(sql: string) {
  const reader = await connection.runAndReadAll('SELECT json_serialize_plan($1::VARCHAR)', [sql]);
  const parsed = JSON.parse(String(reader.getRowsJS()[0]![0])) as { plans: never[] };
  return checkPlans(parsed.plans, { exportsDir });
}

async function guarded(sql: string) {
  return guardStatement(connection, splitStatements(sql)[0]!, { exportsDir });
}

describe('plan policy: what a bound plan may do', () => {
  it.each([
    'SELECT * FROM t JOIN system_x ON true',
    'SELECT * FROM system_x WHERE id IN (SELECT a::VARCHAR FROM t)',
    'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r',
    `SELECT nextval('user_seq')`,
    'SELECT * FROM range(10) r, generate_series(1, 2) g',
    `SELECT * FROM duckdb_tables() WHERE table_name LIKE 'system_%'`,
    'SET VARIABLE v = 1',
    'CALL pragma_table_info(\'t\')',
  ])('reads: %s', async (sql) => {
    expect(await verdict(sql)).toMatchObject({ writes: false, refusal: null });
  });

  it.each([
    ['INSERT INTO t VALUES (2)', 'INSERT INTO t'],
    ['UPDATE t SET a = 3', 'UPDATE t'],
    ['DELETE FROM t', 'DELETE FROM t'],
    ['CREATE TABLE u AS SELECT * FROM system_x', 'CREATE TABLE u'],
    ['CREATE VIEW v AS SELECT * FROM t', 'CREATE VIEW v'],
    ['CREATE INDEX i ON t (a)', 'CREATE INDEX i ON t'],
    ['DROP TABLE t', 'DROP TABLE t'],
    ['ALTER TABLE t ADD COLUMN b INTEGER', 'ALTER t'],
    [`COPY t TO '${exportsDir}/t.csv'`, `COPY TO ${exportsDir}/t.csv`],
  ])('writes to user objects: %s', async (sql, action) => {
    expect(await verdict(sql)).toMatchObject({ writes: true, refusal: null, actions: [action] });
  });

  it.each([
    ['INSERT INTO system_x VALUES (1)', /system_x/],
    ['INSERT INTO t SELECT 1 FROM system_x', null],
    ['UPDATE system_x SET id = 1', /system_x/],
    ['DELETE FROM "SYSTEM_X"', /system_x/i],
    ['DROP TABLE system_x', /system_x/],
    ['DROP SEQUENCE system_seq', /system_seq/],
    ['ALTER TABLE t RENAME TO system_t', /system_t/],
    ['CREATE TABLE system_new (x INTEGER)', /system_new/],
    ['CREATE TABLE fk (id VARCHAR REFERENCES system_x (id))', /foreign key/],
    [`CREATE TABLE d (x BIGINT DEFAULT nextval('system_seq'))`, /system_seq/],
    [`SELECT nextval('system_seq')`, /system_seq/],
    ['SELECT * FROM checkpoint()', /checkpoint/],
    [`COPY t TO '/tmp/x.csv'`, /exports folder/],
    [`COPY t TO '${exportsDir}/../x.csv'`, /exports folder/],
    ['SET threads = 1', /locked/],
    ['RESET TimeZone', /locked/],
    [`ATTACH ':memory:' AS m`, /ATTACH/],
    ['CREATE MACRO m() AS 1', /MACRO/],
    ['CREATE SCHEMA s', /SCHEMA/],
    ['DROP SCHEMA main CASCADE', /schema/],
    ['VACUUM', /VACUUM/],
    ['BEGIN', /transaction/],
  ])('%s', async (sql, refusal) => {
    const result = await verdict(sql);
    if (refusal === null) expect(result.refusal).toBeNull();
    else expect(result.refusal).toMatch(refusal);
  });

  it('records dropped tables, so their file-source rows can go with them', async () => {
    expect((await verdict('DROP TABLE IF EXISTS gone')).droppedTables).toEqual(['gone']);
  });

  it('refuses an empty plan and operators it does not know', () => {
    expect(checkPlans([], { exportsDir }).refusal).toMatch(/no plan/);
    expect(checkPlans([{ type: 'LOGICAL_SOMETHING_NEW', children: [] } as never], { exportsDir }).refusal).toMatch(/SOMETHING NEW/);
  });

  it('keeps COPY inside the exports folder, after resolving the path', () => {
    expect(isExportPath(`${exportsDir}/a/b.csv`, exportsDir)).toBe(true);
    expect(isExportPath(exportsDir, exportsDir)).toBe(true);
    expect(isExportPath(`${exportsDir}/../b.csv`, exportsDir)).toBe(false);
    expect(isExportPath(`${exportsDir}-sibling/b.csv`, exportsDir)).toBe(false);
    expect(isExportPath('relative.csv', exportsDir)).toBe(false);
    expect(isExportPath('s3://bucket/x.csv', exportsDir)).toBe(false);
    expect(isExportPath(`${exportsDir}/a\0.csv`, exportsDir)).toBe(false);
  });
});

describe('statement guard: DuckDB statement types, and the rule where no plan can be read', () => {
  it.each([
    ['PRAGMA enable_profiling', StatementType.PRAGMA],
    ['INSTALL httpfs', StatementType.LOAD],
    ['COMMIT', StatementType.TRANSACTION],
    ['DETACH memory', StatementType.DETACH],
  ])('refuses %s by its statement type', async (sql, type) => {
    const result = await guarded(sql);
    expect(result.statementType).toBe(type);
    expect(result.verdict.refusal).not.toBeNull();
  });

  it('refuses EXPORT DATABASE before DuckDB binds it (binding creates the folder)', async () => {
    const result = await guarded(`EXPORT DATABASE '${exportsDir}/dump'`);
    expect(result.prepared).toBeNull();
    expect(result.verdict.refusal).toMatch(/EXPORT/);
  });

  it('allows plain EXPLAIN, refuses EXPLAIN ANALYZE (it runs the statement)', async () => {
    expect((await guarded('EXPLAIN SELECT * FROM t')).verdict).toMatchObject({ writes: false, refusal: null });
    expect((await guarded('EXPLAIN ANALYZE DELETE FROM t')).verdict.refusal).toMatch(/ANALYZE/);
    expect((await guarded('EXPLAIN (FORMAT json, ANALYZE) SELECT 1')).verdict.refusal).toMatch(/ANALYZE/);
  });

  it('verifies after the run what DuckDB cannot describe (a write fed by read_csv), and refuses state-changing calls in it', async () => {
    const file = path.join(os.tmpdir(), `duckquery-classify-${process.pid}.csv`);
    await connection.run(`COPY (SELECT 1 AS a) TO '${file}'`);
    expect(await guarded(`INSERT INTO t SELECT a FROM read_csv('${file}')`)).toMatchObject({ verifyAfterRun: true, verdict: { writes: true, refusal: null } });
    expect(await guarded(`SELECT * FROM read_csv('${file}')`)).toMatchObject({ verifyAfterRun: false, verdict: { writes: false, refusal: null } });
    expect((await guarded(`SELECT nextval('user_seq'), * FROM read_csv('${file}')`)).verdict.refusal).toMatch(/nextval/);
    expect((await guarded(`COPY t FROM '${file}'`)).verdict.refusal).toMatch(/cannot check/);
  });
});
