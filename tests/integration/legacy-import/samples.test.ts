import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/server/secrets/cipher';
import type { LegacyImportReport } from '@/server/legacy-import/types';
import { openImportContext, type ImportContext } from '../../helpers/legacy-import-context';
import { copySampleConfig } from '../../helpers/legacy-fixtures';

/** The shared sample config dir (FORMATS.md), imported once with its own app-config.json zone. */
describe('importing the legacy sample config', () => {
  let ctx: ImportContext;
  let report: LegacyImportReport;
  beforeAll(async () => {
    ctx = await openImportContext();
    copySampleConfig(ctx.configDir);
    report = await ctx.importLegacy({ legacyTimeZone: null });
  });
  afterAll(() => ctx.close());

  const fileReport = (file: string) => report.files.find((f) => f.file === file)!;

  it("reads the legacy zone from app-config.json when DUCKQUERY_LEGACY_TZ is unset", () => {
    expect(report).toMatchObject({ timeZone: 'Asia/Shanghai', timeZoneSource: 'app-config.json' });
  });

  it('imports every file source, keeping every extra field verbatim', async () => {
    expect(fileReport('file-datasources.json')).toMatchObject({ status: 'imported', entries: 8, inserted: 8, skipped: [] });
    const rows = await ctx.query<Record<string, string | null>>(
      `SELECT source_id, file_path, file_type, columns::VARCHAR AS columns, column_profiles::VARCHAR AS profiles,
              schema_version, extra::VARCHAR AS extra, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS created,
              created_at = updated_at AS same FROM system_file_sources ORDER BY source_id`,
    );
    const byId = Object.fromEntries(rows.map((row) => [row.source_id, row]));
    expect(Object.keys(byId)).toHaveLength(8);
    expect(byId.budget_q1).toMatchObject({ file_path: null, file_type: 'excel_sheet' });
    expect(JSON.parse(byId.budget_q1!.extra!)).toEqual({
      sheet_name: 'Q1',
      source_file: 'api/temp_files/excel_pending/ab12/budget.xlsx',
      ingest_mode: 'replace',
      header_rows: 1,
      header_row_index: 1,
      fill_merged: false,
    });
    expect(JSON.parse(byId.covid_daily!.extra!)).toEqual({ source_url: 'https://example.org/data/covid.csv' });
    expect(JSON.parse(byId.inventory!.extra!)).toEqual({ mount_label: 'Shared data', source_type: 'server_directory' });
    expect(JSON.parse(byId.async_result_4f1c!.extra!)).toEqual({ source_sql: 'SELECT region, sum(amount) AS total FROM sales_2024 GROUP BY 1' });
    expect(JSON.parse(byId.async_result_4f1c!.columns!)).toEqual([{ name: 'region', type: 'VARCHAR' }, { name: 'total', type: 'DOUBLE' }]);
    expect(byId.async_result_4f1c!.schema_version).toBeNull();
    const legacy = JSON.parse(fs.readFileSync(`${ctx.configDir}/file-datasources.json.bak`, 'utf8'));
    expect(JSON.parse(byId.sales_2024!.profiles!)).toEqual(legacy[0].column_profiles);
    // ISO+offset, space+offset, naive (legacy zone), upload_time (naive); updated_at = created_at
    expect(byId.sales_2024!.created).toBe('2025-10-20T06:03:11.123456Z');
    expect(byId.events_big!.created).toBe('2025-10-21T01:15:00.500000Z');
    expect(byId.async_result_4f1c!.created).toBe('2025-08-28T04:00:00.000000Z');
    expect(byId.customers_old!.created).toBe('2025-07-30T02:00:00.000000Z');
    expect(rows.every((row) => row.same)).toBe(true);
  });

  it("imports favorites, reading their fake 'Z' as Asia/Shanghai local time", async () => {
    expect(fileReport('sql-favorites.json')).toMatchObject({ status: 'imported', inserted: 3 });
    const rows = await ctx.query(
      `SELECT name, type, tags, usage_count, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS created,
              strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS updated FROM system_sql_favorites ORDER BY id`,
    );
    expect(rows).toEqual([
      { name: '月度销售汇总', type: 'duckdb', tags: ['sales', 'monthly'], usage_count: 7n, created: '2025-10-11T04:00:00.123456Z', updated: '2025-10-12T01:30:00.000001Z' },
      { name: 'Top customers', type: 'mysql', tags: [], usage_count: 0n, created: '2025-10-13T00:00:00.000000Z', updated: '2025-10-13T00:00:00.000000Z' },
      { name: 'Row counts', type: 'duckdb', tags: ['admin'], usage_count: 31n, created: '2025-11-01T10:45:10.500000Z', updated: '2025-11-01T10:45:10.500000Z' },
    ]);
  });

  it('re-encrypts the Fernet password under our keyring, and encrypts plain ones', async () => {
    expect(fileReport('datasources.json')).toMatchObject({ status: 'imported', entries: 4, inserted: 4, needsPassword: [] });
    const rows = await ctx.query<{ id: string; params: string; password_needs_reentry: boolean }>(
      `SELECT id, params::VARCHAR AS params, password_needs_reentry FROM system_datasources ORDER BY id`,
    );
    const params = Object.fromEntries(rows.map((row) => [row.id, JSON.parse(row.params) as Record<string, unknown>]));
    expect(decryptSecret(params.mysql_prod!.password as string, ctx.keyring)).toBe('r3port-pass!');
    expect(decryptSecret(params.pg_analytics!.password as string, ctx.keyring)).toBe('plain-text-pass');
    expect(rows.every((row) => !row.password_needs_reentry)).toBe(true);
    // `user` and `username` both kept as given; hand-written top-level fields folded into params
    expect(params.mysql_prod).toMatchObject({ host: '127.0.0.1', port: 3306, user: 'report', database: 'shop' });
    expect(params.pg_analytics).toMatchObject({ username: 'analyst', schema: 'public' });
    expect(params.handwritten_pg).toMatchObject({ host: 'db.internal', port: 5433, username: 'etl', database: 'warehouse' });
    expect(decryptSecret(params.handwritten_pg!.password as string, ctx.keyring)).toBe('etl-secret');
    expect(params.local_sqlite).toEqual({ database: 'data/local.sqlite' });
  });

  it('skips mysql-configs.json because datasources.json has connections, and leaves it in place', () => {
    expect(fileReport('mysql-configs.json')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('datasources.json has database_sources'),
    });
    expect(fs.existsSync(path.join(ctx.configDir, 'mysql-configs.json'))).toBe(true);
  });

  it('records each import in the ledger and the audit log, and backs the files up', async () => {
    const ledger = await ctx.query(`SELECT file_name, status, entries_total, inserted_count, backup_path FROM system_legacy_imports ORDER BY id`);
    expect(ledger).toEqual(
      ['file-datasources.json', 'sql-favorites.json', 'datasources.json'].map((file) => ({
        file_name: file,
        status: 'imported',
        entries_total: expect.any(Number),
        inserted_count: expect.any(Number),
        backup_path: path.join(ctx.configDir, `${file}.bak`),
      })),
    );
    const audit = await ctx.query(`SELECT actor, action, target_id, outcome FROM system_audit_log WHERE action = 'legacy_import.file' ORDER BY id`);
    expect(audit.map((row) => row.target_id)).toEqual(['file-datasources.json', 'sql-favorites.json', 'datasources.json']);
    expect(audit.every((row) => row.actor === 'test' && row.outcome === 'ok')).toBe(true);
    for (const file of ['file-datasources.json', 'sql-favorites.json', 'datasources.json']) {
      expect(fs.existsSync(path.join(ctx.configDir, file))).toBe(false);
      expect(fs.existsSync(path.join(ctx.configDir, `${file}.bak`))).toBe(true);
    }
  });

  it('does nothing on a second run: the files are gone', async () => {
    const again = await ctx.importLegacy({ legacyTimeZone: null });
    expect(again.files.map((f) => [f.file, f.status])).toEqual([['mysql-configs.json', 'skipped']]);
  });
});
