import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJson } from '../../helpers/legacy-fixtures';
import { openImportContext, type ImportContext } from '../../helpers/legacy-import-context';

const ISO_MICROS = `'%Y-%m-%dT%H:%M:%S.%fZ'`;

/** Every legacy timestamp format, checked against the exact UTC instant it stands for. */
describe('legacy timestamps', () => {
  let ctx: ImportContext;
  beforeEach(async () => {
    ctx = await openImportContext();
  });
  afterEach(() => ctx.close());

  it.each([
    ['2025-10-20T14:03:11.123456+08:00', '2025-10-20T06:03:11.123456Z'],
    ['2025-10-20 14:03:11.123456+08:00', '2025-10-20T06:03:11.123456Z'],
    ['2025-10-20T14:03:11-05:30', '2025-10-20T19:33:11.000000Z'],
    ['2025-10-20T14:03:11Z', '2025-10-20T14:03:11.000000Z'],
    ['2025-09-01T10:00:00', '2025-09-01T02:00:00.000000Z'],
    ['2025-09-01 10:00:00.000001', '2025-09-01T02:00:00.000001Z'],
  ])('file source created_at %s is %s', async (legacy, utc) => {
    writeJson(ctx.configDir, 'file-datasources.json', [{ source_id: 't', filename: 't.csv', file_type: 'csv', created_at: legacy }]);
    await ctx.importLegacy();
    const [row] = await ctx.query(`SELECT strftime(created_at, ${ISO_MICROS}) AS c, strftime(updated_at, ${ISO_MICROS}) AS u FROM system_file_sources`);
    expect(row).toEqual({ c: utc, u: utc });
  });

  it("reads favorites' fake Z as local time in the legacy zone, not UTC", async () => {
    writeJson(ctx.configDir, 'sql-favorites.json', [
      { id: '1', name: 'a', sql: 'SELECT 1', created_at: '2025-10-11T12:00:00.123456Z', updated_at: '2025-10-12T09:30:00.000001Z' },
      { id: '2', name: 'b', sql: 'SELECT 1', created_at: '2025-10-11T12:00:00', updated_at: null },
      { id: '3', name: 'c', sql: 'SELECT 1', created_at: '2025-10-11T12:00:00+02:00' },
    ]);
    await ctx.importLegacy();
    const rows = await ctx.query(`SELECT id, strftime(created_at, ${ISO_MICROS}) AS c, strftime(updated_at, ${ISO_MICROS}) AS u FROM system_sql_favorites ORDER BY id`);
    expect(rows).toEqual([
      { id: '1', c: '2025-10-11T04:00:00.123456Z', u: '2025-10-12T01:30:00.000001Z' },
      { id: '2', c: '2025-10-11T04:00:00.000000Z', u: '2025-10-11T04:00:00.000000Z' },
      { id: '3', c: '2025-10-11T10:00:00.000000Z', u: '2025-10-11T10:00:00.000000Z' },
    ]);
  });

  it('uses the given zone, daylight saving time included', async () => {
    writeJson(ctx.configDir, 'datasources.json', [
      { id: 'summer', type: 'sqlite', created_at: '2025-07-01T12:00:00', updated_at: '2025-07-01T12:00:00+00:00', last_tested: '2025-07-01 12:00:00.5' },
      { id: 'winter', type: 'sqlite', created_at: '2025-01-15T12:00:00' },
    ]);
    await ctx.importLegacy({ legacyTimeZone: 'America/New_York' });
    const rows = await ctx.query(
      `SELECT id, strftime(created_at, ${ISO_MICROS}) AS c, strftime(updated_at, ${ISO_MICROS}) AS u, strftime(last_tested, ${ISO_MICROS}) AS t FROM system_datasources ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'summer', c: '2025-07-01T16:00:00.000000Z', u: '2025-07-01T12:00:00.000000Z', t: '2025-07-01T16:00:00.500000Z' },
      { id: 'winter', c: '2025-01-15T17:00:00.000000Z', u: '2025-01-15T17:00:00.000000Z', t: null },
    ]);
  });

  it('uses the import time when created_at is missing', async () => {
    writeJson(ctx.configDir, 'file-datasources.json', [{ source_id: 't', filename: 't.csv', file_type: 'csv' }]);
    const before = Date.now();
    await ctx.importLegacy();
    const [row] = await ctx.query<{ c: Date; same: boolean }>(`SELECT created_at AS c, created_at = updated_at AS same FROM system_file_sources`);
    expect(row!.c.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row!.c.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row!.same).toBe(true);
  });

  it('fails every file, importing nothing, when the legacy zone is unknown', async () => {
    writeJson(ctx.configDir, 'sql-favorites.json', [{ id: '1', name: 'a', sql: 'SELECT 1' }]);
    const report = await ctx.importLegacy({ legacyTimeZone: 'Mars/Olympus_Mons' });
    expect(report.files[0]).toMatchObject({ status: 'failed', error: expect.stringContaining("the legacy time zone 'Mars/Olympus_Mons' is not known") });
    expect(await ctx.query(`SELECT * FROM system_sql_favorites`)).toEqual([]);
  });
});
