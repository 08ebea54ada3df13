import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { favoriteCreateInput, favoriteListInput, favoriteRecord } from '@/server/favorites/favorite';
import type { FavoritesStore } from '@/server/favorites/favorites-store';
import type { StoreFactory } from '../helpers/store-factories';
import { at, domainError, tick } from './contract-helpers';

/** What every FavoritesStore must do, whatever holds the favorites. */
export function favoritesStoreContract(label: string, factory: StoreFactory<FavoritesStore>) {
  describe(`FavoritesStore contract: ${label}`, () => {
    let store: FavoritesStore;
    let cleanup: () => void | Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    const create = (input: z.input<typeof favoriteCreateInput>) => store.create(favoriteCreateInput.parse(input));
    const upsert = (record: z.input<typeof favoriteRecord>) => store.upsert(favoriteRecord.parse(record));
    const list = (input: z.input<typeof favoriteListInput> = {}) => store.list(favoriteListInput.parse(input));
    const ids = async (input: z.input<typeof favoriteListInput>) => (await list(input)).items.map((f) => f.id);

    it('creates a favorite with defaults, and get returns exactly what create returned', async () => {
      const created = await create({ name: 'Top', sql: 'SELECT 1', tags: ['a', 'b'] });
      expect(created).toMatchObject({ name: 'Top', sql: 'SELECT 1', type: 'duckdb', description: '', tags: ['a', 'b'], usage_count: 0 });
      expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(created.created_at).toBeInstanceOf(Date);
      expect(Math.abs(created.created_at.getTime() - Date.now())).toBeLessThan(60_000);
      expect(created.updated_at).toEqual(created.created_at);
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.get('no-such-id')).toBeNull();
    });

    it('refuses a taken id or name with CONFLICT and changes nothing', async () => {
      const first = await create({ id: 'fav-1', name: 'Same', sql: 'SELECT 1' });
      await domainError(create({ name: 'Same', sql: 'SELECT 2' }), 'CONFLICT');
      await domainError(create({ id: 'fav-1', name: 'Other', sql: 'SELECT 3' }), 'CONFLICT');
      const page = await list();
      expect(page.total).toBe(1);
      expect(page.items).toEqual([first]);
    });

    it('filters by search (case-insensitive substring of name, sql or description; % and _ literal), type and tag', async () => {
      await create({ id: 'a', name: 'Sales report', sql: 'SELECT * FROM sales' });
      await create({ id: 'b', name: 'Other', sql: 'select 50% of x', description: 'About SALES' });
      await create({ id: 'c', name: 'Third', sql: 'SELECT 500', description: 'x_y', type: 'mysql', tags: ['ops', 'daily'] });
      const byId = { sortBy: 'name', sortDirection: 'asc' } as const;

      expect(await ids({ ...byId, search: 'sales' })).toEqual(['b', 'a']);
      expect((await list({ search: 'sales' })).total).toBe(2);
      expect(await ids({ ...byId, search: 'SeLeCt' })).toEqual(['b', 'a', 'c']);
      expect(await ids({ search: '50%' })).toEqual(['b']);
      expect(await ids({ search: '_' })).toEqual(['c']);
      expect(await ids({ search: 'nothing like it' })).toEqual([]);
      expect((await list({ search: '' })).total).toBe(3);
      expect(await ids({ type: 'mysql' })).toEqual(['c']);
      expect(await ids({ tag: 'daily' })).toEqual(['c']);
      expect(await ids({ tag: 'dai' })).toEqual([]); // a tag matches whole
      expect(await ids({ ...byId, search: 'select', type: 'duckdb' })).toEqual(['b', 'a']);
      const none = await list({ type: 'postgres' });
      expect(none).toEqual({ items: [], total: 0, limit: 100, offset: 0 });
    });

    it('sorts by every sortable column in both directions, ties broken by id', async () => {
      const day = (d: number) => at(`2025-01-0${d}T00:00:00.000Z`);
      for (const [id, name, created, updated, uses] of [
        ['f3', 'beta', 1, 5, 2],
        ['f1', 'alpha', 2, 5, 2],
        ['f2', 'Gamma', 2, 4, 9],
        ['f4', 'delta', 3, 3, 0],
      ] as const) {
        await upsert({ id, name, sql: `SELECT '${id}'`, created_at: day(created), updated_at: day(updated), usage_count: uses });
      }
      const expected = {
        name: [['f2', 'f1', 'f3', 'f4'], ['f4', 'f3', 'f1', 'f2']], // binary order: 'G' < 'a'
        created_at: [['f3', 'f1', 'f2', 'f4'], ['f4', 'f1', 'f2', 'f3']],
        updated_at: [['f4', 'f2', 'f1', 'f3'], ['f1', 'f3', 'f2', 'f4']],
        usage_count: [['f4', 'f1', 'f3', 'f2'], ['f2', 'f1', 'f3', 'f4']],
      } as const;
      for (const [sortBy, [asc, desc]] of Object.entries(expected)) {
        const key = sortBy as keyof typeof expected;
        expect(await ids({ sortBy: key, sortDirection: 'asc' }), `${sortBy} asc`).toEqual(asc);
        expect(await ids({ sortBy: key, sortDirection: 'desc' }), `${sortBy} desc`).toEqual(desc);
      }
      // Default: newest first.
      expect(await ids({})).toEqual(expected.created_at[1]);
    });

    it('pages with limit and offset; total counts every match, also past the end', async () => {
      for (let i = 1; i <= 5; i++) await create({ id: `p${i}`, name: `n${i}`, sql: 'SELECT 1', type: i % 2 ? 'duckdb' : 'mysql' });
      const page = (limit: number, offset: number, extra = {}) =>
        list({ sortBy: 'name', sortDirection: 'asc', limit, offset, ...extra });
      expect(await page(2, 0)).toMatchObject({ total: 5, limit: 2, offset: 0, items: [{ id: 'p1' }, { id: 'p2' }] });
      expect((await page(2, 2)).items.map((f) => f.id)).toEqual(['p3', 'p4']);
      expect((await page(2, 4)).items.map((f) => f.id)).toEqual(['p5']);
      expect(await page(2, 6)).toEqual({ items: [], total: 5, limit: 2, offset: 6 });
      expect(await page(1, 1, { type: 'duckdb' })).toMatchObject({ total: 3, items: [{ id: 'p3' }] });
      expect(await page(1, 9, { type: 'mysql' })).toMatchObject({ total: 2, items: [] });
    });

    it('updates only the fields in the patch, keeps created_at and usage_count, bumps updated_at', async () => {
      const created = await create({ name: 'Keep', sql: 'SELECT 1', description: 'd', tags: ['t'] });
      const used = await store.use(created.id);
      await tick();
      const updated = await store.update(created.id, { sql: 'SELECT 2', name: undefined });
      expect(updated).toEqual({ ...used, sql: 'SELECT 2', updated_at: updated.updated_at });
      expect(updated.updated_at.getTime()).toBeGreaterThan(created.updated_at.getTime());
      expect(await store.get(created.id)).toEqual(updated);

      const emptied = await store.update(created.id, { description: '', tags: [], type: 'mysql', name: 'Keep' });
      expect(emptied).toMatchObject({ name: 'Keep', sql: 'SELECT 2', description: '', tags: [], type: 'mysql', usage_count: 1 });
      await domainError(store.update('no-such-id', { sql: 'SELECT 3' }), 'NOT_FOUND');
    });

    it("refuses to rename onto another favorite's name with CONFLICT and changes nothing", async () => {
      await create({ name: 'A', sql: 'SELECT 1' });
      const b = await create({ name: 'B', sql: 'SELECT 2' });
      await domainError(store.update(b.id, { name: 'A', sql: 'SELECT changed' }), 'CONFLICT');
      expect(await store.get(b.id)).toEqual(b);
      expect((await list()).total).toBe(2);
    });

    it('upsert inserts a whole record as given', async () => {
      const record = {
        id: 'imported-1',
        name: 'Imported',
        sql: 'SELECT 42',
        type: 'mysql',
        description: 'from legacy',
        tags: ['x'],
        created_at: at('2025-10-11T04:00:00.123Z'),
        updated_at: at('2025-10-12T01:30:00.000Z'),
        usage_count: 7,
      };
      const inserted = await upsert(record);
      expect(inserted).toEqual(record);
      expect(await store.get('imported-1')).toEqual(record);
    });

    it('upsert of an existing id replaces its fields, keeps created_at and bumps updated_at', async () => {
      const first = await upsert({ id: 'u1', name: 'One', sql: 'SELECT 1', created_at: at('2025-01-01T00:00:00Z'), updated_at: at('2025-01-02T00:00:00Z') });
      await tick();
      const before = Date.now();
      const second = await upsert({
        id: 'u1',
        name: 'One renamed',
        sql: 'SELECT 2',
        type: 'mysql',
        description: 'new',
        tags: ['n'],
        created_at: at('2030-01-01T00:00:00Z'),
        updated_at: at('2030-01-01T00:00:00Z'),
        usage_count: 9,
      });
      expect(second).toMatchObject({ id: 'u1', name: 'One renamed', sql: 'SELECT 2', type: 'mysql', description: 'new', tags: ['n'], usage_count: 9 });
      expect(second.created_at).toEqual(first.created_at);
      expect(second.updated_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(second.updated_at.getTime()).toBeLessThan(at('2030-01-01T00:00:00Z').getTime());
      expect(await store.get('u1')).toEqual(second);
      expect((await list()).total).toBe(1);
    });

    it("upsert refuses another favorite's name with CONFLICT and writes nothing", async () => {
      const a = await upsert({ id: 'a', name: 'A', sql: 'SELECT 1' });
      await domainError(upsert({ id: 'x', name: 'A', sql: 'SELECT 2' }), 'CONFLICT');
      expect(await store.get('x')).toBeNull();
      expect(await upsert({ id: 'a', name: 'A', sql: 'SELECT 3' })).toMatchObject({ id: 'a', sql: 'SELECT 3', created_at: a.created_at });
    });

    it('delete returns the deleted favorite; afterwards it is gone and every operation on it is NOT_FOUND', async () => {
      const keep = await create({ name: 'Keep', sql: 'SELECT 1' });
      const gone = await create({ name: 'Gone', sql: 'SELECT 2', tags: ['t'] });
      await store.use(gone.id);
      const before = await store.get(gone.id);
      expect(await store.delete(gone.id)).toEqual(before);
      expect(await store.get(gone.id)).toBeNull();
      await domainError(store.delete(gone.id), 'NOT_FOUND');
      await domainError(store.use(gone.id), 'NOT_FOUND');
      await domainError(store.update(gone.id, { sql: 'SELECT 3' }), 'NOT_FOUND');
      expect((await list()).items).toEqual([keep]);
      // The name is free again.
      expect(await create({ name: 'Gone', sql: 'SELECT 4' })).toMatchObject({ name: 'Gone', usage_count: 0 });
    });

    it('use loses no increment: 16 concurrent callers × 25 uses count exactly 400, each call seeing its own count', async () => {
      const favorite = await create({ name: 'Hot', sql: 'SELECT 1' });
      const seen: number[] = [];
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = 0; i < 25; i++) seen.push((await store.use(favorite.id)).usage_count);
        }),
      );
      expect((await store.get(favorite.id))!.usage_count).toBe(400);
      expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
      // use is not an edit: updated_at stays.
      expect((await store.get(favorite.id))!.updated_at).toEqual(favorite.updated_at);
    });

    it('keeps unicode names, sql and tags; searches them case-insensitively and sorts them by code point', async () => {
      const names = ['月度销售汇总', 'Ärger', 'ärger', 'zeta', '😀 smile', 'Ｚ fullwidth'];
      for (const [i, name] of names.entries()) {
        await create({ id: `u${i}`, name, sql: `SELECT '${name}' AS «列»`, tags: ['报表', name] });
      }
      const first = await store.get('u0');
      expect(first).toMatchObject({ name: '月度销售汇总', sql: "SELECT '月度销售汇总' AS «列»", tags: ['报表', '月度销售汇总'] });
      const sorted = (await list({ sortBy: 'name', sortDirection: 'asc' })).items.map((f) => f.name);
      expect(sorted).toEqual(['zeta', 'Ärger', 'ärger', '月度销售汇总', 'Ｚ fullwidth', '😀 smile']);
      expect((await list({ search: 'ÄRGER', sortBy: 'name', sortDirection: 'asc' })).items.map((f) => f.id)).toEqual(['u1', 'u2']);
      expect(await ids({ search: '销售' })).toEqual(['u0']);
      expect(await ids({ search: '😀' })).toEqual(['u4']);
      expect((await list({ tag: '报表' })).total).toBe(6);
      await domainError(create({ name: '月度销售汇总', sql: 'SELECT 1' }), 'CONFLICT');
    });
  });
}
