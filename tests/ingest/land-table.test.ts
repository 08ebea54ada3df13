import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quotedIdentifier } from '@duckdb/node-api';
import { landTable, landTables, type LandTableInput } from '@/server/ingest/land-table';
import { profileSettled, allProfilesSettled } from '@/server/ingest/profile-table';
import { openTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof openTestApp>>;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await allProfilesSettled(); // a profile still running must not meet a closed database
  t.close();
});

const rows = (sql: string) => t.database.read(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());
const tableNames = async () => (await rows(`SELECT table_name FROM duckdb_tables() ORDER BY 1`)).map((r) => String(r.table_name));
const sourceRow = (id: string) => t.app.stores.fileSources.get(id);

function fromSql(tableName: string, select: string, ifExists: LandTableInput['ifExists'] = 'fail', extra: Record<string, unknown> = {}): LandTableInput {
  return {
    tableName,
    ifExists,
    build: async (connection, staging) => void (await connection.run(`CREATE TABLE ${quotedIdentifier(staging)} AS ${select}`)),
    source: { filename: `${tableName}.csv`, file_path: null, file_type: 'csv', extra },
    actor: 'tester',
  };
}

describe('landTable', () => {
  it('lands the table and its file-source row together, then adds the legacy column profile', async () => {
    const source = await landTable(t.app, fromSql('sales', `SELECT range AS id, 'x' || range AS label, (range / 4)::DECIMAL(8,2) AS price FROM range(10)`, 'fail', { source_url: 'http://example.test/s.csv' }));
    expect(source).toMatchObject({ source_id: 'sales', row_count: 10, column_count: 3, columns: ['id', 'label', 'price'], file_type: 'csv' });
    expect(source.extra).toMatchObject({ source_url: 'http://example.test/s.csv', profile_status: 'pending', ingest_mode: 'fail' });
    expect(await rows('SELECT count(*)::INTEGER AS n FROM sales')).toEqual([{ n: 10 }]);
    await profileSettled('sales');
    const saved = await sourceRow('sales');
    expect(saved!.extra.profile_status).toBe('ready');
    const [id, , price] = saved!.column_profiles as any[];
    expect(id).toMatchObject({ name: 'id', duckdb_type: 'BIGINT', nullable: true, precision: null, statistics: { null_count: 0, distinct_count: 10, min: 0, max: 9 } });
    expect(price).toMatchObject({ duckdb_type: 'DECIMAL(8,2)', precision: 8, scale: 2, statistics: { min: '0.00', max: '2.25' } });
    expect(id.sample_values.length).toBeGreaterThan(0);
    expect(id.sample_values.length).toBeLessThanOrEqual(6);
    const audit = await rows(`SELECT action, outcome, target_id FROM system_audit_log WHERE action = 'ingest.land' AND target_id = 'sales'`);
    expect(audit).toEqual([{ action: 'ingest.land', outcome: 'ok', target_id: 'sales' }]);
  });

  it("ifExists 'fail' refuses a taken name (any case) and leaves the old table and row untouched", async () => {
    await expect(landTable(t.app, fromSql('SALES', 'SELECT 1 AS other'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await sourceRow('sales'))!.row_count).toBe(10);
    expect((await tableNames()).filter((n) => n.startsWith('_dq_staging_'))).toEqual([]);
  });

  it("ifExists 'replace' swaps the new table in; 'append' adds rows by column name", async () => {
    await landTable(t.app, fromSql('swap_me', 'SELECT 1 AS a'));
    const replaced = await landTable(t.app, fromSql('swap_me', `SELECT 'new' AS b FROM range(3)`, 'replace'));
    expect(replaced).toMatchObject({ row_count: 3, columns: ['b'] });
    const appended = await landTable(t.app, fromSql('SWAP_ME', `SELECT 'more' AS b FROM range(2)`, 'append'));
    expect(appended).toMatchObject({ source_id: 'swap_me', row_count: 5 });
    expect(await rows(`SELECT b, count(*)::INTEGER AS n FROM swap_me GROUP BY b ORDER BY b`)).toEqual([{ b: 'more', n: 2 }, { b: 'new', n: 3 }]);
  });

  it('an append whose columns do not fit fails clearly and changes nothing', async () => {
    await expect(landTable(t.app, fromSql('swap_me', 'SELECT 1 AS unknown_column', 'append'))).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('nothing was appended') });
    expect((await sourceRow('swap_me'))!.row_count).toBe(5);
    expect(await rows('SELECT count(*)::INTEGER AS n FROM swap_me')).toEqual([{ n: 5 }]);
  });

  it('a failing build leaves no table, no row and no staging table, and is audited as an error', async () => {
    const input = fromSql('broken', 'SELECT 1 AS a');
    input.build = async (connection, staging) => {
      await connection.run(`CREATE TABLE ${quotedIdentifier(staging)} AS SELECT 1 AS a`);
      throw new Error('the file is malformed');
    };
    await expect(landTable(t.app, input)).rejects.toThrow('the file is malformed');
    expect(await sourceRow('broken')).toBeNull();
    expect((await tableNames()).filter((n) => n === 'broken' || n.startsWith('_dq_staging_'))).toEqual([]);
    expect(await rows(`SELECT outcome FROM system_audit_log WHERE action = 'ingest.land' AND target_id = 'broken'`)).toEqual([{ outcome: 'error' }]);
  });

  it('an abort interrupts a running build: CANCELLED, nothing left', async () => {
    const controller = new AbortController();
    const input = fromSql('slow', `SELECT count(*) AS n FROM range(10000000000) a`);
    input.signal = controller.signal;
    setTimeout(() => controller.abort(), 200);
    const startedAt = Date.now();
    await expect(landTable(t.app, input)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(await sourceRow('slow')).toBeNull();
    expect((await tableNames()).filter((n) => n === 'slow' || n.startsWith('_dq_staging_'))).toEqual([]);
  });

  it('refuses unusable names before doing any work', async () => {
    for (const name of ['', 'system_files', '../../x', 'a\u0000b', '1abc', 'x'.repeat(101)]) {
      await expect(landTable(t.app, fromSql(name, 'SELECT 1 AS a'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }
  });

  it('landTables lands several tables all-or-nothing: one conflict keeps every other out', async () => {
    await landTable(t.app, fromSql('sheet_taken', 'SELECT 1 AS a'));
    await expect(landTables(t.app, [fromSql('sheet_one', 'SELECT 1 AS a'), fromSql('sheet_taken', 'SELECT 2 AS a')])).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await sourceRow('sheet_one')).toBeNull();
    expect((await tableNames()).filter((n) => n === 'sheet_one' || n.startsWith('_dq_staging_'))).toEqual([]);
    const both = await landTables(t.app, [fromSql('sheet_one', 'SELECT 1 AS a'), fromSql('sheet_two', 'SELECT 2 AS a FROM range(4)')]);
    expect(both.map((s) => [s.source_id, s.row_count])).toEqual([['sheet_one', 1], ['sheet_two', 4]]);
  });

  it('concurrent imports under one name with ifExists fail: exactly one lands', async () => {
    const results = await Promise.allSettled([1, 2, 3].map((i) => landTable(t.app, fromSql('race', `SELECT ${i} AS a`))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['CONFLICT', 'CONFLICT']);
    expect((await tableNames()).filter((n) => n.startsWith('_dq_staging_'))).toEqual([]);
  });
});
