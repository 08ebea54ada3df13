import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { datasourceListInput } from '@/server/datasources/datasource';
import type { DatasourcesStore, NewStoredDatasource } from '@/server/datasources/datasources-store';
import type { StoreFactory } from '../helpers/store-factories';
import { at, domainError, tick } from './contract-helpers';

/** Params as the service hands them over: secrets already sealed; stored exactly as given. */
const PARAMS = {
  host: 'db.internal',
  port: 5432,
  username: 'etl',
  password: 'dq:v1:k1:c2VhbGVk',
  database: 'warehouse',
  schema: 'public',
  options: { ssl: true, list: [1, 'a', null], empty: {} },
  note: '密码 — pässwörd',
};

function connection(id: string, fields: Partial<NewStoredDatasource> = {}): NewStoredDatasource {
  return {
    id,
    name: `Connection ${id}`,
    type: 'postgresql',
    params: PARAMS,
    status: 'inactive',
    description: null,
    enabled: true,
    password_needs_reentry: false,
    extra: {},
    last_tested: null,
    ...fields,
  };
}

/** What every DatasourcesStore must do, whatever holds the connections. */
export function datasourcesStoreContract(label: string, factory: StoreFactory<DatasourcesStore>) {
  describe(`DatasourcesStore contract: ${label}`, () => {
    let store: DatasourcesStore;
    let cleanup: () => void | Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    const list = (input: z.input<typeof datasourceListInput> = {}) => store.list(datasourceListInput.parse(input));
    const ids = async (input: z.input<typeof datasourceListInput>) => (await list(input)).items.map((d) => d.id);

    it('creates a connection with params exactly as given, and get returns exactly what create returned', async () => {
      const created = await store.create(connection('pg', { extra: { mount: 'x', nested: [1, { a: null }] } }));
      expect(created).toEqual({
        ...connection('pg', { extra: { mount: 'x', nested: [1, { a: null }] } }),
        created_at: created.created_at,
        updated_at: created.updated_at,
      });
      expect(Math.abs(created.created_at.getTime() - Date.now())).toBeLessThan(60_000);
      expect(created.updated_at).toEqual(created.created_at);
      expect(await store.get('pg')).toEqual(created);
      expect(await store.get('nope')).toBeNull();
    });

    it('keeps every field: status, description, enabled, password flag, last_tested, a given created_at', async () => {
      const record = connection('my', {
        type: 'mysql',
        name: 'Orders (MySQL)',
        status: 'error',
        description: 'prod replica',
        enabled: false,
        password_needs_reentry: true,
        last_tested: at('2025-10-01T02:00:05.000Z'),
        created_at: at('2025-09-01T02:00:00.000Z'),
      });
      const created = await store.create(record);
      expect(created).toMatchObject(record);
      expect(await store.get('my')).toEqual(created);
    });

    it('refuses an existing id with CONFLICT and changes nothing', async () => {
      const first = await store.create(connection('dup'));
      await domainError(store.create(connection('dup', { name: 'Other', params: {} })), 'CONFLICT');
      expect(await store.get('dup')).toEqual(first);
      expect((await list()).total).toBe(1);
    });

    it('update hands change the current record, keeps created_at, bumps updated_at, writes the rest', async () => {
      const created = await store.create(connection('u', { created_at: at('2025-01-01T00:00:00Z') }));
      await tick();
      let seen: unknown;
      const updated = await store.update('u', (current) => {
        seen = current;
        return {
          ...current,
          name: 'Renamed',
          params: { ...current.params, password: 'dq:v1:k2:bmV3' },
          status: 'active',
          last_tested: at('2025-11-01T00:00:00Z'),
          created_at: at('2030-01-01T00:00:00Z'),
        };
      });
      expect(seen).toEqual(created);
      expect(updated).toMatchObject({ name: 'Renamed', status: 'active', params: { ...PARAMS, password: 'dq:v1:k2:bmV3' } });
      expect(updated.last_tested).toEqual(at('2025-11-01T00:00:00Z'));
      expect(updated.created_at).toEqual(created.created_at);
      expect(updated.updated_at.getTime()).toBeGreaterThan(created.updated_at.getTime());
      expect(await store.get('u')).toEqual(updated);
    });

    it('update of an unknown id is NOT_FOUND without calling change; a change that throws writes nothing', async () => {
      let called = false;
      await domainError(
        store.update('nope', (c) => {
          called = true;
          return c;
        }),
        'NOT_FOUND',
      );
      expect(called).toBe(false);
      const created = await store.create(connection('x'));
      await expect(
        store.update('x', () => {
          throw new Error('refused by the caller');
        }),
      ).rejects.toThrow('refused by the caller');
      expect(await store.get('x')).toEqual(created);
    });

    it('upsert inserts a new record, and replaces an existing one keeping created_at and bumping updated_at', async () => {
      const inserted = await store.upsert(connection('up', { created_at: at('2025-09-02T02:00:00Z'), status: 'active' }));
      expect(inserted).toMatchObject({ id: 'up', status: 'active', created_at: at('2025-09-02T02:00:00Z') });
      await tick();
      const replaced = await store.upsert(
        connection('up', { name: 'New', type: 'sqlite', params: { database: 'data/x.sqlite' }, extra: { z: 1 }, created_at: at('2031-01-01T00:00:00Z') }),
      );
      expect(replaced).toMatchObject({ name: 'New', type: 'sqlite', params: { database: 'data/x.sqlite' }, status: 'inactive', extra: { z: 1 } });
      expect(replaced.params).toEqual({ database: 'data/x.sqlite' });
      expect(replaced.created_at).toEqual(inserted.created_at);
      expect(replaced.updated_at.getTime()).toBeGreaterThan(inserted.updated_at.getTime());
      expect(await store.get('up')).toEqual(replaced);
      expect((await list()).total).toBe(1);
    });

    it('filters by search (case-insensitive substring of id or name; % and _ literal), type and status, with totals and paging', async () => {
      await store.create(connection('mysql_prod', { name: 'Orders (MySQL)', type: 'mysql', status: 'active' }));
      await store.create(connection('pg-analytics', { name: 'Analytics 100%', status: 'inactive' }));
      await store.create(connection('sqlite1', { name: 'Local', type: 'sqlite', status: 'active' }));
      const byId = { sortBy: 'name', sortDirection: 'asc' } as const;
      expect(await ids({ ...byId, search: 'ORDERS' })).toEqual(['mysql_prod']);
      expect(await ids({ ...byId, search: 'l_p' })).toEqual(['mysql_prod']);
      expect(await ids({ ...byId, search: '%' })).toEqual(['pg-analytics']);
      expect(await ids({ ...byId, search: 'L' })).toEqual(['pg-analytics', 'sqlite1', 'mysql_prod']);
      expect(await ids({ ...byId, type: 'postgresql' })).toEqual(['pg-analytics']);
      expect(await ids({ ...byId, status: 'active' })).toEqual(['sqlite1', 'mysql_prod']);
      expect(await list({ ...byId, status: 'active', limit: 1, offset: 1 })).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ id: 'mysql_prod' }] });
      expect(await list({ status: 'error' })).toEqual({ items: [], total: 0, limit: 100, offset: 0 });
      expect(await list({ limit: 2, offset: 3 })).toEqual({ items: [], total: 3, limit: 2, offset: 3 });
    });

    it('sorts by every sortable column in both directions, ties broken by id', async () => {
      const day = (d: number) => at(`2025-01-0${d}T00:00:00.000Z`);
      for (const [id, name, type, created] of [
        ['d3', 'beta', 'mysql', 1],
        ['d1', 'Beta', 'sqlite', 2],
        ['d2', 'alpha', 'mysql', 2],
        ['d4', 'beta', 'postgresql', 3],
      ] as const) {
        await store.create(connection(id, { name, type, created_at: day(created) }));
        await tick();
      }
      const expected = {
        name: [['d1', 'd2', 'd3', 'd4'], ['d3', 'd4', 'd2', 'd1']],
        type: [['d2', 'd3', 'd4', 'd1'], ['d1', 'd4', 'd2', 'd3']],
        created_at: [['d3', 'd1', 'd2', 'd4'], ['d4', 'd1', 'd2', 'd3']],
        updated_at: [['d3', 'd1', 'd2', 'd4'], ['d4', 'd2', 'd1', 'd3']],
      } as const;
      for (const [sortBy, [asc, desc]] of Object.entries(expected)) {
        const key = sortBy as keyof typeof expected;
        expect(await ids({ sortBy: key, sortDirection: 'asc' }), `${sortBy} asc`).toEqual(asc);
        expect(await ids({ sortBy: key, sortDirection: 'desc' }), `${sortBy} desc`).toEqual(desc);
      }
    });

    it('delete returns the deleted record; afterwards it is gone and delete and update are NOT_FOUND', async () => {
      const keep = await store.create(connection('keep'));
      const gone = await store.create(connection('gone', { description: 'bye', extra: { a: 1 } }));
      expect(await store.delete('gone')).toEqual(gone);
      expect(await store.get('gone')).toBeNull();
      await domainError(store.delete('gone'), 'NOT_FOUND');
      await domainError(store.update('gone', (c) => c), 'NOT_FOUND');
      expect((await list()).items).toEqual([keep]);
    });

    it('keeps unicode names and sorts them by code point', async () => {
      for (const [id, name] of [
        ['c1', '订单库'],
        ['c2', 'Ürün'],
        ['c3', 'zeta'],
        ['c4', '😀 db'],
        ['c5', 'Ｚ wide'],
      ] as const) {
        await store.create(connection(id, { name }));
      }
      expect(await store.get('c1')).toMatchObject({ name: '订单库', params: PARAMS });
      expect(await ids({ sortBy: 'name', sortDirection: 'asc' })).toEqual(['c3', 'c2', 'c1', 'c5', 'c4']);
      expect(await ids({ search: 'üRÜN' })).toEqual(['c2']);
    });
  });
}
