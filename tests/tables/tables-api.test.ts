import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotedIdentifier } from '@duckdb/node-api';
import { landTable } from '@/server/ingest/land-table';
import { allProfilesSettled } from '@/server/ingest/profile-table';
import { openTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof openTestApp>>;
const sql = (text: string) => t.caller.query.run({ sql: text });

beforeAll(async () => {
  t = await openTestApp();
  await sql(`CREATE TABLE made_by_sql AS SELECT 1 AS x`);
  await sql(`CREATE TABLE "Old Upload" AS SELECT range AS id FROM range(3)`);
  await sql(`CREATE TABLE new_upload AS
               SELECT range AS id,
                      CASE WHEN range % 4 = 0 THEN NULL ELSE 'v' || (range % 3) END AS label,
                      (range / 8)::DECIMAL(10,2) AS price,
                      TIMESTAMPTZ '2025-01-01 00:00:00Z' + to_days(range::INTEGER) AS at,
                      [range, range + 1] AS pair
                 FROM range(10)`);
  await t.caller.fileSources.upsert({ source_id: 'Old Upload', filename: 'old.csv', file_type: 'csv', created_at: new Date('2025-01-01T00:00:00Z') });
  await t.caller.fileSources.upsert({ source_id: 'new_upload', filename: 'new.csv', file_type: 'csv', row_count: 1, columns: ['stale'], created_at: new Date('2025-06-01T00:00:00Z') });
});
afterAll(async () => {
  await allProfilesSettled();
  t.close();
});

describe('tables API', () => {
  it('lists user tables newest first (file-source created_at, then tables made by SQL), system tables hidden', async () => {
    const tables = await t.caller.tables.list();
    expect(tables.map((x) => x.table_name)).toEqual(['new_upload', 'Old Upload', 'made_by_sql']);
    expect(tables[0]).toEqual({ table_name: 'new_upload', column_count: 5, row_count: 10, created_at: new Date('2025-06-01T00:00:00Z') });
    expect(tables[2]).toMatchObject({ table_name: 'made_by_sql', row_count: 1, created_at: null });
  });

  it('does not list the half-built table of an import still running', async () => {
    let finishBuild!: () => void;
    let built!: () => void;
    const staged = new Promise<void>((resolve) => (built = resolve));
    const landing = landTable(t.app, {
      tableName: 'arriving',
      ifExists: 'fail',
      source: { filename: 'arriving.csv', file_path: null, file_type: 'csv' },
      actor: 'tester',
      build: async (connection, staging) => {
        await connection.run(`CREATE TABLE ${quotedIdentifier(staging)} AS SELECT 1 AS x`);
        built();
        await new Promise<void>((resolve) => (finishBuild = resolve));
      },
    });
    await staged;
    expect((await t.caller.tables.list()).map((x) => x.table_name)).toEqual(['new_upload', 'Old Upload', 'made_by_sql']);
    finishBuild();
    await landing;
    expect((await t.caller.tables.list()).map((x) => x.table_name)).toContain('arriving');
    await t.caller.tables.delete({ table: 'arriving' });
  });

  it('answers live column statistics, computed in one aggregate pass', async () => {
    const detail = await t.caller.tables.detail({ table: 'new_upload' });
    expect(detail).toMatchObject({ table_name: 'new_upload', row_count: 10, column_count: 5 });
    const [id, label, price, at, pair] = detail.columns;
    expect(id).toMatchObject({ column_name: 'id', data_type: 'BIGINT', null_count: 0, distinct_count: 10, min_value: 0, max_value: 9, avg_value: 4.5 });
    expect(label).toMatchObject({ data_type: 'VARCHAR', null_count: 3, distinct_count: 3, min_value: 'v0', max_value: 'v2', avg_value: null });
    expect(label!.sample_values.sort()).toEqual(['v0', 'v1', 'v2']);
    expect(price).toMatchObject({ data_type: 'DECIMAL(10,2)', min_value: '0.00', max_value: '1.13', avg_value: 0.565 });
    expect(at).toMatchObject({ data_type: 'TIMESTAMP WITH TIME ZONE', min_value: '2025-01-01T00:00:00Z', max_value: '2025-01-10T00:00:00Z' });
    expect(pair).toMatchObject({ data_type: 'BIGINT[]', min_value: null, max_value: null, distinct_count: 10 });
    expect(id!.sample_values.length).toBeLessThanOrEqual(5);
  });

  it('finds a table whatever the case of its name; hides system tables; 404 for unknown ones', async () => {
    expect((await t.caller.tables.detail({ table: 'old upload' })).table_name).toBe('Old Upload');
    await expect(t.caller.tables.detail({ table: 'system_audit_log' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.caller.tables.detail({ table: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.caller.tables.detail({ table: 'bad\u0000name' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('handles an empty table and awkward column names', async () => {
    await sql(`CREATE TABLE awkward ("weird ""name""" INTEGER, "select" VARCHAR)`);
    const detail = await t.caller.tables.detail({ table: 'awkward' });
    expect(detail.row_count).toBe(0);
    expect(detail.columns.map((c) => [c.column_name, c.null_count, c.distinct_count, c.min_value, c.sample_values])).toEqual([
      ['weird "name"', 0, 0, null, []],
      ['select', 0, 0, null, []],
    ]);
  });

  it('refresh recomputes and writes counts and columns back to the file-source row, audited', async () => {
    const refreshed = await t.caller.tables.refresh({ table: 'new_upload' });
    expect(refreshed.row_count).toBe(10);
    const source = await t.caller.fileSources.get({ sourceId: 'new_upload' });
    expect(source).toMatchObject({ row_count: 10, column_count: 5, columns: ['id', 'label', 'price', 'at', 'pair'] });
    expect(source.created_at).toEqual(new Date('2025-06-01T00:00:00Z'));
    const audit = await t.caller.migrations.auditLog({ action: 'table.refresh' });
    expect(audit.items[0]).toMatchObject({ target_id: 'new_upload', outcome: 'ok' });
    await expect(t.caller.tables.refresh({ table: 'system_file_sources' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('delete drops the table and its file-source row together, audited', async () => {
    const deleted = await t.caller.tables.delete({ table: 'old upload' });
    expect(deleted).toEqual({ table_name: 'Old Upload', table_dropped: true, file_source_deleted: true });
    expect((await t.caller.tables.list()).map((x) => x.table_name)).not.toContain('Old Upload');
    await expect(t.caller.fileSources.get({ sourceId: 'Old Upload' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const audit = await t.caller.migrations.auditLog({ action: 'table.delete', outcome: 'ok' });
    expect(audit.items[0]).toMatchObject({ target_id: 'old upload', details: { table_dropped: true, file_source_deleted: true } });
  });

  it('delete removes a file-source row whose table is already gone; 404 when neither exists; refuses system tables', async () => {
    await t.caller.fileSources.upsert({ source_id: 'orphan', filename: 'orphan.csv', file_type: 'csv' });
    expect(await t.caller.tables.delete({ table: 'orphan' })).toEqual({ table_name: 'orphan', table_dropped: false, file_source_deleted: true });
    await expect(t.caller.tables.delete({ table: 'orphan' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.caller.tables.delete({ table: 'system_sql_favorites' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await sql('SELECT count(*) FROM system_sql_favorites')).rows).toEqual([[0]]);
  });

  it('delete rolls back the DROP when the file-source delete fails: both or neither', async () => {
    await sql(`CREATE TABLE keep_me AS SELECT 1 AS x`);
    await t.caller.fileSources.upsert({ source_id: 'keep_me', filename: 'k.csv', file_type: 'csv' });
    // A row elsewhere still references the file-source row (set up outside the guarded SQL box), so its
    // DELETE fails after the DROP ran in the same transaction: the DROP must be rolled back with it.
    await t.database.read((c) => c.run(`CREATE TABLE fk_hold (s VARCHAR REFERENCES system_file_sources (source_id)); INSERT INTO fk_hold VALUES ('keep_me')`));
    await expect(t.caller.tables.delete({ table: 'keep_me' })).rejects.toThrow();
    await t.database.read((c) => c.run('DROP TABLE fk_hold'));
    expect((await t.caller.tables.list()).map((x) => x.table_name)).toContain('keep_me');
    expect((await t.caller.fileSources.get({ sourceId: 'keep_me' })).filename).toBe('k.csv');
  });
});
