import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryService } from '@/server/query/query-service';
import { openQueryApp, type QueryApp } from './query-test-app';

let t: QueryApp;
beforeAll(async () => {
  t = await openQueryApp();
});
afterAll(() => t.close());

const run = (sql: string, extra: Record<string, unknown> = {}) => t.caller.query.run({ sql, ...extra });

describe('legitimate work still runs in the guarded SQL box', () => {
  it('joins user tables, with column names and DuckDB types', async () => {
    const result = await run(`SELECT r.name, count(*) AS n, sum(s.amount) AS total
                                FROM sales s JOIN regions r USING (region_id) GROUP BY r.name ORDER BY r.name`);
    expect(result.columns).toEqual([
      { name: 'name', type: 'VARCHAR' },
      { name: 'n', type: 'BIGINT' },
      { name: 'total', type: 'DECIMAL(38,2)' },
    ]);
    expect(result.rows).toContainEqual(['华东', 400, expect.any(String)]);
    expect(result.rowCount).toBe(5);
    expect(result.truncated).toBe(false);
    expect(result.changes).toEqual([]);
  });

  it('reads every system table, and DuckDB catalog functions', async () => {
    expect((await run('SELECT name, sql FROM system_sql_favorites')).rows).toEqual([['Top regions', 'SELECT * FROM regions']]);
    expect((await run('SELECT source_id FROM system_file_sources')).rows).toEqual([['sales']]);
    const secrets = await run(`SELECT params->>'password' FROM system_datasources`);
    expect(String(secrets.rows[0]![0])).toMatch(/^dq:v1:/); // ciphertext, never the password
    expect((await run('SELECT count(*) > 0 FROM system_audit_log')).rows).toEqual([[true]]);
    expect((await run(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sales'`)).rows).toEqual([[1]]);
    expect((await run(`DESCRIBE sales`)).rowCount).toBe(3);
    expect((await run(`SUMMARIZE regions`)).rowCount).toBe(2);
    expect((await run(`PRAGMA table_info('sales')`)).rowCount).toBe(3);
    expect((await run(`EXPLAIN SELECT * FROM sales`)).rowCount).toBeGreaterThan(0);
  });

  it('creates a table with CTAS, audits it, and sees it in the same batch', async () => {
    const result = await run(`CREATE TABLE big_sales AS SELECT * FROM sales WHERE amount > 1000; SELECT count(*) FROM big_sales`);
    expect(result.rows).toEqual([[1199]]);
    expect(result.changes).toEqual(['CREATE TABLE big_sales']);
    expect(result.statementCount).toBe(2);
    const audit = await t.caller.migrations.auditLog({ action: 'query.write', targetId: result.queryId });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actor: 'tester', outcome: 'ok', details: { changes: ['CREATE TABLE big_sales'] } });
  });

  it('INSERT, UPDATE, DELETE, views, indexes, sequences and DROP of user objects', async () => {
    await run(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR)`);
    await run(`INSERT INTO notes VALUES (1, 'a'), (2, 'b'); UPDATE notes SET body = 'c' WHERE id = 2; DELETE FROM notes WHERE id = 1`);
    await run(`CREATE VIEW notes_v AS SELECT * FROM notes; CREATE INDEX notes_body ON notes (body); CREATE SEQUENCE note_ids START 10`);
    expect((await run(`SELECT nextval('note_ids'), (SELECT body FROM notes_v)`)).rows).toEqual([[10, 'c']]);
    await run(`INSERT INTO notes VALUES (3, 'd') ON CONFLICT DO NOTHING; ALTER TABLE notes ADD COLUMN tag VARCHAR`);
    const dropped = await run(`DROP VIEW notes_v; DROP TABLE notes; DROP SEQUENCE note_ids`);
    expect(dropped.changes).toEqual(['DROP VIEW notes_v', 'DROP TABLE notes', 'DROP SEQUENCE note_ids']);
  });

  it('dropping a table with SQL also removes its file-source row', async () => {
    await run(`CREATE TABLE doomed AS SELECT 1 AS x`);
    await t.caller.fileSources.upsert({ source_id: 'doomed', filename: 'doomed.csv', file_type: 'csv' });
    await run(`DROP TABLE doomed`);
    await expect(t.caller.fileSources.get({ sourceId: 'doomed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('exports into the exports folder with COPY, and reads uploads and exports back', async () => {
    const file = path.join(t.config.exportsDir, 'sales.parquet');
    const result = await run(`COPY (SELECT * FROM sales ORDER BY id) TO '${file}' (FORMAT parquet)`);
    expect(result.changes).toEqual([`COPY TO ${file}`]);
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect((await run(`SELECT count(*) FROM read_parquet('${file}')`)).rows).toEqual([[2000]]);
    await run(`COPY regions TO '${t.config.exportsDir}/by_region' (FORMAT csv, PARTITION_BY (region_id), OVERWRITE_OR_IGNORE)`);
    expect(fs.readdirSync(path.join(t.config.exportsDir, 'by_region'))).toHaveLength(5);
    fs.writeFileSync(path.join(t.config.uploadsDir, 'people.csv'), 'name,age\nada,36\nalan,41\n');
    const people = await run(`CREATE TABLE people AS SELECT * FROM read_csv('${t.config.uploadsDir}/people.csv'); SELECT * FROM people ORDER BY age`);
    expect(people.rows).toEqual([['ada', 36], ['alan', 41]]);
    expect(people.changes).toEqual(['CREATE']); // checked after it ran: DuckDB cannot describe a read_csv plan
  });

  it('pages results: limit and offset, with truncated set while more rows exist', async () => {
    const first = await run('SELECT id FROM sales ORDER BY id', { limit: 3 });
    expect(first.rows).toEqual([[0], [1], [2]]);
    expect(first.truncated).toBe(true);
    const next = await run('SELECT id FROM sales ORDER BY id', { limit: 3, offset: 1998 });
    expect(next.rows).toEqual([[1998], [1999]]);
    expect(next.truncated).toBe(false);
    const capped = await run('SELECT * FROM range(20000)', { limit: 50_000 });
    expect(capped.rowCount).toBe(10_000); // never more than max_query_rows
    expect(capped.limit).toBe(10_000);
  });

  it('saves a query result as a table with its file-source row', async () => {
    const result = await run(`SELECT region_id, sum(amount) AS total FROM sales GROUP BY ALL ORDER BY 1`, { saveAsTable: 'region_totals' });
    expect(result.savedTable).toBe('region_totals');
    expect(result.rowCount).toBe(5);
    const source = await t.caller.fileSources.get({ sourceId: 'region_totals' });
    expect(source).toMatchObject({ file_type: 'duckdb_query', row_count: 5, column_count: 2, columns: ['region_id', 'total'] });
    expect(source.extra).toMatchObject({ source_sql: expect.stringContaining('GROUP BY ALL') });
    await expect(run('SELECT 1', { saveAsTable: 'region_totals' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(run('SELECT 1', { saveAsTable: 'system_x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run('SELECT 1; SELECT 2', { saveAsTable: 'two' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses writes to a caller without write rights, and still lets it read', async () => {
    const reader = createQueryService(t.app, 'reader');
    await expect(reader.run({ sql: 'CREATE TABLE r AS SELECT 1', canWrite: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reader.run({ sql: `COPY sales TO '${t.config.exportsDir}/r.csv'`, canWrite: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await reader.run({ sql: 'SELECT count(*) FROM sales', canWrite: false })).rows).toEqual([[2000]]);
  });

  it('answers DuckDB’s own message for a mistake in the SQL', async () => {
    await expect(run('SELEC 1')).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/syntax error/i) });
    await expect(run('SELECT * FROM no_such_table')).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no_such_table/) });
    await expect(run(`INSERT INTO regions VALUES ('x', 'y')`)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
