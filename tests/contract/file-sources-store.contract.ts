import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fileSourceListInput, fileSourceUpsertInput } from '@/server/file-sources/file-source';
import type { FileSourcesStore } from '@/server/file-sources/file-sources-store';
import type { StoreFactory } from '../helpers/store-factories';
import { at, domainError, tick } from './contract-helpers';

const PROFILES = [
  {
    name: 'region',
    duckdb_type: 'VARCHAR',
    nullable: true,
    precision: null,
    scale: null,
    sample_values: ['north', '华东'],
    statistics: { null_count: 0, distinct_count: 5, min: 'east', max: '华东' },
  },
  {
    name: 'amount',
    duckdb_type: 'DECIMAL(18,2)',
    nullable: true,
    precision: 18,
    scale: 2,
    sample_values: ['19.90'],
    statistics: { null_count: 3, distinct_count: 840, min: 0.5, max: null },
  },
];

/** What every FileSourcesStore must do, whatever holds the metadata. */
export function fileSourcesStoreContract(label: string, factory: StoreFactory<FileSourcesStore>) {
  describe(`FileSourcesStore contract: ${label}`, () => {
    let store: FileSourcesStore;
    let cleanup: () => void | Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    const upsert = (input: z.input<typeof fileSourceUpsertInput>) => store.upsert(fileSourceUpsertInput.parse(input));
    const list = (input: z.input<typeof fileSourceListInput> = {}) => store.list(fileSourceListInput.parse(input));
    const ids = async (input: z.input<typeof fileSourceListInput>) => (await list(input)).items.map((s) => s.source_id);

    it('inserts with defaults, and get returns exactly what upsert returned', async () => {
      const saved = await upsert({ source_id: 'sales', filename: 'sales.csv', file_type: 'csv' });
      expect(saved).toMatchObject({
        source_id: 'sales',
        filename: 'sales.csv',
        file_path: null,
        file_type: 'csv',
        row_count: null,
        column_count: null,
        columns: null,
        column_profiles: null,
        schema_version: 2,
        extra: {},
      });
      expect(Math.abs(saved.created_at.getTime() - Date.now())).toBeLessThan(60_000);
      expect(saved.updated_at).toEqual(saved.created_at);
      expect(await store.get('sales')).toEqual(saved);
      expect(await store.get('nope')).toBeNull();
    });

    it('keeps every legacy field: columns of either shape, profiles, extra fields, a given created_at', async () => {
      const input = {
        source_id: 'sheet_q1',
        filename: 'report.xlsx',
        file_path: null,
        file_type: 'excel_sheet',
        row_count: 12,
        column_count: 2,
        columns: [{ name: 'region', type: 'VARCHAR' }, 'amount'],
        column_profiles: PROFILES,
        schema_version: null,
        extra: { sheet_name: 'Q1 销售', header_rows: 2, fill_merged: true, nested: { a: [1, null, 'x'] } },
        created_at: at('2025-10-20T06:03:11.123Z'),
      };
      const { created_at, ...rest } = input;
      const saved = await upsert(input);
      expect(saved).toMatchObject({ ...rest, created_at });
      expect(await store.get('sheet_q1')).toEqual(saved);
    });

    it('lists profiles only when asked', async () => {
      await upsert({ source_id: 'p', filename: 'p.csv', file_type: 'csv', column_profiles: PROFILES });
      expect((await list()).items[0]!.column_profiles).toBeNull();
      expect((await list({ includeProfiles: true })).items[0]!.column_profiles).toEqual(PROFILES);
      expect((await store.get('p'))!.column_profiles).toEqual(PROFILES);
    });

    it('upsert of an existing source_id replaces every field, keeps created_at and bumps updated_at', async () => {
      const first = await upsert({
        source_id: 's',
        filename: 'a.csv',
        file_path: '/data/a.csv',
        file_type: 'csv',
        row_count: 1,
        columns: ['x'],
        column_profiles: PROFILES,
        extra: { source_url: 'https://example.org/a.csv', kept: false },
        created_at: at('2025-01-01T00:00:00Z'),
      });
      await tick();
      const second = await upsert({
        source_id: 's',
        filename: 'b.parquet',
        file_type: 'parquet',
        row_count: 2,
        column_count: 1,
        columns: ['y'],
        extra: { other: 1 },
        created_at: at('2030-01-01T00:00:00Z'),
      });
      expect(second).toMatchObject({
        source_id: 's',
        filename: 'b.parquet',
        file_path: null,
        file_type: 'parquet',
        row_count: 2,
        column_count: 1,
        columns: ['y'],
        column_profiles: null,
        schema_version: 2,
        extra: { other: 1 },
      });
      expect(second.created_at).toEqual(first.created_at);
      expect(second.updated_at.getTime()).toBeGreaterThan(first.updated_at.getTime());
      expect(await store.get('s')).toEqual(second);
      expect((await list()).total).toBe(1);
    });

    it('filters by search (case-insensitive substring of source_id or filename; % and _ literal) and file type', async () => {
      await upsert({ source_id: 'sales_2024', filename: 'Sales.CSV', file_type: 'csv' });
      await upsert({ source_id: 'events', filename: 'events%.parquet', file_type: 'parquet' });
      await upsert({ source_id: 'salesx2024', filename: 'x.json', file_type: 'json' });
      const byId = { sortBy: 'source_id', sortDirection: 'asc' } as const;
      expect(await ids({ ...byId, search: 'SALES' })).toEqual(['sales_2024', 'salesx2024']);
      expect(await ids({ ...byId, search: 'csv' })).toEqual(['sales_2024']);
      expect(await ids({ ...byId, search: 's_2' })).toEqual(['sales_2024']);
      expect(await ids({ ...byId, search: '%.' })).toEqual(['events']);
      expect(await ids({ ...byId, fileType: 'json' })).toEqual(['salesx2024']);
      expect(await list({ search: 'sales', fileType: 'parquet' })).toEqual({ items: [], total: 0, limit: 100, offset: 0 });
      expect((await list({ search: '' })).total).toBe(3);
    });

    it('sorts in both directions, row_count nulls last either way, ties broken by source_id', async () => {
      const day = (d: number) => at(`2025-01-0${d}T00:00:00.000Z`);
      for (const [id, filename, rows, created] of [
        ['d', 'b.csv', null, 1],
        ['c', 'a.csv', 5, 2],
        ['a', 'C.csv', 5, 2],
        ['b', 'b.csv', 1, 3],
        ['e', 'e.csv', null, 3],
      ] as const) {
        await upsert({ source_id: id, filename, file_type: 'csv', row_count: rows, created_at: day(created) });
      }
      const expected = {
        row_count: [['b', 'a', 'c', 'd', 'e'], ['a', 'c', 'b', 'd', 'e']],
        filename: [['a', 'c', 'b', 'd', 'e'], ['e', 'b', 'd', 'c', 'a']],
        source_id: [['a', 'b', 'c', 'd', 'e'], ['e', 'd', 'c', 'b', 'a']],
        created_at: [['d', 'a', 'c', 'b', 'e'], ['b', 'e', 'a', 'c', 'd']],
      } as const;
      for (const [sortBy, [asc, desc]] of Object.entries(expected)) {
        const key = sortBy as keyof typeof expected;
        expect(await ids({ sortBy: key, sortDirection: 'asc' }), `${sortBy} asc`).toEqual(asc);
        expect(await ids({ sortBy: key, sortDirection: 'desc' }), `${sortBy} desc`).toEqual(desc);
      }
      expect(await ids({})).toEqual(expected.created_at[1]);
    });

    it('pages with limit and offset; total counts every match', async () => {
      for (let i = 1; i <= 5; i++) await upsert({ source_id: `t${i}`, filename: `t${i}.csv`, file_type: i <= 3 ? 'csv' : 'json' });
      const page = (limit: number, offset: number, extra = {}) => list({ sortBy: 'source_id', sortDirection: 'asc', limit, offset, ...extra });
      expect(await page(2, 0)).toMatchObject({ total: 5, limit: 2, offset: 0, items: [{ source_id: 't1' }, { source_id: 't2' }] });
      expect((await page(2, 4)).items.map((s) => s.source_id)).toEqual(['t5']);
      expect(await page(2, 5)).toEqual({ items: [], total: 5, limit: 2, offset: 5 });
      expect(await page(1, 1, { fileType: 'json' })).toMatchObject({ total: 2, items: [{ source_id: 't5' }] });
    });

    it('delete returns the deleted record with its profiles; afterwards it is gone and delete is NOT_FOUND', async () => {
      await upsert({ source_id: 'keep', filename: 'k.csv', file_type: 'csv' });
      const gone = await upsert({ source_id: 'gone', filename: 'g.csv', file_type: 'csv', column_profiles: PROFILES, extra: { a: 1 } });
      expect(await store.delete('gone')).toEqual(gone);
      expect(await store.get('gone')).toBeNull();
      await domainError(store.delete('gone'), 'NOT_FOUND');
      expect(await ids({})).toEqual(['keep']);
    });

    it('keeps unicode ids and names, and sorts them by code point', async () => {
      for (const id of ['销售_2024', 'données', 'Zebra', '😀_table', 'ｚ_wide']) {
        await upsert({ source_id: id, filename: `${id}.csv`, file_type: 'csv', columns: ['列', 'colonne'] });
      }
      expect(await store.get('销售_2024')).toMatchObject({ filename: '销售_2024.csv', columns: ['列', 'colonne'] });
      expect(await ids({ sortBy: 'source_id', sortDirection: 'asc' })).toEqual(['Zebra', 'données', '销售_2024', 'ｚ_wide', '😀_table']);
      expect(await ids({ search: 'DONNÉES' })).toEqual(['données']);
    });

    it('concurrent upserts all succeed: distinct ids are all kept, one id ends as one of its writes', async () => {
      await Promise.all(Array.from({ length: 16 }, (_, i) => upsert({ source_id: `c${i}`, filename: `c${i}.csv`, file_type: 'csv' })));
      expect((await list()).total).toBe(16);
      const same = await Promise.all(Array.from({ length: 8 }, (_, i) => upsert({ source_id: 'same', filename: `v${i}.csv`, file_type: 'csv', row_count: i })));
      const final = (await store.get('same'))!;
      expect(same.map((s) => s.filename)).toContain(final.filename);
      expect(final.row_count).toBe(Number(final.filename.slice(1, -4)));
      expect((await list()).total).toBe(17);
    });
  });
}
