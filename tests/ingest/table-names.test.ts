import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanitizeTableName, tableNameForFile, timestampSuffix, uniqueTableName } from '@/server/ingest/table-names';
import { allProfilesSettled } from '@/server/ingest/profile-table';
import { openTestApp } from '../helpers/test-app';

describe('sanitizeTableName / tableNameForFile', () => {
  it('keeps letters of any script and digits; everything else becomes _', () => {
    expect(sanitizeTableName('Sales 2024 (final)')).toBe('Sales_2024_final');
    expect(sanitizeTableName('销售数据')).toBe('销售数据');
    expect(sanitizeTableName('données été')).toBe('données_été');
    expect(sanitizeTableName('a"b;DROP TABLE x')).toBe('a_b_DROP_TABLE_x');
  });

  it('makes hostile names harmless', () => {
    expect(tableNameForFile('../../x.csv')).toBe('x');
    expect(tableNameForFile('/etc/passwd')).toBe('passwd');
    expect(tableNameForFile('C:\\temp\\data.parquet')).toBe('data');
    expect(sanitizeTableName('a\u0000b')).toBe('a_b');
    expect(sanitizeTableName('...')).toBe('table');
    expect(sanitizeTableName('2024_report')).toBe('t_2024_report');
    expect(sanitizeTableName('_dq_staging_abc')).toBe('dq_staging_abc');
    expect(sanitizeTableName('system_audit_log')).toBe('t_system_audit_log');
    expect(sanitizeTableName('ѕystem_x')).toBe('t_ѕystem_x');
    expect(Array.from(sanitizeTableName('名'.repeat(1000)))).toHaveLength(100);
  });

  it('formats the legacy suffix as _YYYYMMDDHHMM in UTC', () => {
    expect(timestampSuffix(new Date('2025-03-04T05:06:07Z'))).toBe('_202503040506');
  });
});

describe('uniqueTableName', () => {
  let t: Awaited<ReturnType<typeof openTestApp>>;
  beforeAll(async () => {
    t = await openTestApp();
    await t.database.read((c) => c.run('CREATE TABLE orders AS SELECT 1 AS a'));
    await t.caller.fileSources.upsert({ source_id: 'row_only', filename: 'x.csv', file_type: 'csv' });
  });
  afterAll(async () => {
  await allProfilesSettled(); // a profile still running must not meet a closed database
  t.close();
});

  it('answers the name when free, else adds the legacy suffix, then a counter', async () => {
    const now = new Date('2025-03-04T05:06:07Z');
    await t.database.read(async (c) => {
      expect(await uniqueTableName(c, 'fresh', now)).toBe('fresh');
      expect(await uniqueTableName(c, 'ORDERS', now)).toBe('ORDERS_202503040506');
      expect(await uniqueTableName(c, 'row_only', now)).toBe('row_only_202503040506');
      await c.run('CREATE TABLE orders_202503040506 AS SELECT 1 AS a');
      expect(await uniqueTableName(c, 'orders', now)).toBe('orders_202503040506_2');
    });
  });
});
