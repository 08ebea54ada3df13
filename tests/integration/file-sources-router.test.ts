import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp } from '../helpers/test-app';

const profile = { name: 'a', duckdb_type: 'BIGINT', nullable: true, precision: null, scale: null, sample_values: ['1'], statistics: { null_count: 0, distinct_count: 1, min: 1, max: 1 } };

describe('fileSources router over DuckDB', () => {
  let t: Awaited<ReturnType<typeof openTestApp>>;
  beforeEach(async () => {
    t = await openTestApp();
  });
  afterEach(() => t.close());

  it('upserts: created_at kept, updated_at bumped, every extra legacy field kept', async () => {
    const first = await t.caller.fileSources.upsert({
      source_id: 'sales',
      filename: 'sales.csv',
      file_path: '/data/sales.csv',
      file_type: 'csv',
      row_count: 10,
      column_count: 1,
      columns: ['a'],
      column_profiles: [profile],
      extra: { source_url: 'https://example.org/sales.csv', header_rows: 1 },
    });
    expect(first).toMatchObject({ source_id: 'sales', row_count: 10, columns: ['a'], column_profiles: [profile] });
    await new Promise((r) => setTimeout(r, 5));
    const second = await t.caller.fileSources.upsert({ source_id: 'sales', filename: 'sales.csv', file_type: 'csv', row_count: 11 });
    expect(second.created_at.getTime()).toBe(first.created_at.getTime());
    expect(second.updated_at.getTime()).toBeGreaterThan(first.updated_at.getTime());
    expect(second.row_count).toBe(11);
    const fetched = await t.caller.fileSources.get({ sourceId: 'sales' });
    expect(fetched.row_count).toBe(11);
  });

  it('lists newest first, pages, filters, and leaves profiles out unless asked', async () => {
    for (let i = 0; i < 25; i++) {
      await t.caller.fileSources.upsert({
        source_id: `t_${String(i).padStart(2, '0')}`,
        filename: i % 2 ? `odd_${i}.parquet` : `even_${i}.csv`,
        file_type: i % 2 ? 'parquet' : 'csv',
        column_profiles: [profile],
        created_at: new Date(Date.UTC(2025, 0, 1, 0, i)),
      });
    }
    const page = await t.caller.fileSources.list({ limit: 10, offset: 10 });
    expect(page.total).toBe(25);
    expect(page.items.map((s) => s.source_id)).toEqual(Array.from({ length: 10 }, (_, k) => `t_${String(14 - k).padStart(2, '0')}`));
    expect(page.items.every((s) => s.column_profiles === null)).toBe(true);
    const parquet = await t.caller.fileSources.list({ fileType: 'parquet', includeProfiles: true, sortBy: 'source_id', sortDirection: 'asc' });
    expect(parquet.total).toBe(12);
    expect(parquet.items[0]).toMatchObject({ source_id: 't_01', column_profiles: [profile] });
    expect((await t.caller.fileSources.list({ search: 'ODD_1' })).items.map((s) => s.source_id).sort()).toEqual(['t_01', 't_11', 't_13', 't_15', 't_17', 't_19']);
    // LIKE wildcards in a search are literal text
    expect((await t.caller.fileSources.list({ search: '%' })).total).toBe(0);
  });

  it('keeps 2 000 concurrent saves from 8 writers, none lost', async () => {
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 250; i++) {
          await t.caller.fileSources.upsert({ source_id: `w${w}_${i}`, filename: 'f.csv', file_type: 'csv', columns: ['x'] });
        }
      }),
    );
    expect((await t.caller.fileSources.list({ limit: 1 })).total).toBe(2000);
  });

  it('saves new and existing sources committed together, and repeated saves of one source, in order', async () => {
    await t.caller.fileSources.upsert({ source_id: 'old', filename: 'old.csv', file_type: 'csv', row_count: 1 });
    const saved = await Promise.all([
      t.caller.fileSources.upsert({ source_id: 'new', filename: 'new.csv', file_type: 'csv', row_count: 2 }),
      t.caller.fileSources.upsert({ source_id: 'old', filename: 'old.csv', file_type: 'csv', row_count: 3 }),
      t.caller.fileSources.upsert({ source_id: 'old', filename: 'old.csv', file_type: 'csv', row_count: 4 }),
    ]);
    expect(saved.map((s) => [s.source_id, s.row_count])).toEqual([['new', 2], ['old', 3], ['old', 4]]);
    expect((await t.caller.fileSources.get({ sourceId: 'old' })).row_count).toBe(4);
    expect((await t.caller.fileSources.list({})).total).toBe(2);
  });

  it('deletes, then says NOT_FOUND', async () => {
    await t.caller.fileSources.upsert({ source_id: 'x', filename: 'x.csv', file_type: 'csv' });
    expect((await t.caller.fileSources.delete({ sourceId: 'x' })).source_id).toBe('x');
    await expect(t.caller.fileSources.get({ sourceId: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.caller.fileSources.delete({ sourceId: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
