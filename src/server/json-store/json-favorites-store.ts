import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '../errors';
import type { Favorite } from '../favorites/favorite';
import type { FavoritesStore } from '../favorites/favorites-store';
import type { JsonCollection, Table } from './json-collection';
import { containsIgnoreCase, sortAndPage } from './list-query';

function mustGet(table: Table<Favorite>, id: string): Favorite {
  const favorite = table.get(id);
  if (!favorite) throw notFound('Favorite', id);
  return favorite;
}

function assertNameFree(table: Table<Favorite>, name: string, exceptId: string): void {
  if (table.records().some((f) => f.name === name && f.id !== exceptId)) throw conflict(`A favorite named '${name}' already exists`, { name });
}

/** FavoritesStore over sql-favorites.json, with the semantics of createDuckdbFavoritesStore. */
export function createJsonFavoritesStore(favorites: JsonCollection<Favorite>): FavoritesStore {
  return {
    async list(input) {
      const matching = (await favorites.records()).filter(
        (f) =>
          (!input.search || [f.name, f.sql, f.description].some((text) => containsIgnoreCase(text, input.search!))) &&
          (!input.type || f.type === input.type) &&
          (!input.tag || f.tags.includes(input.tag)),
      );
      return sortAndPage(matching, { key: (f) => f[input.sortBy], direction: input.sortDirection, id: (f) => f.id }, input);
    },

    get: (id) => favorites.get(id),

    create: (input) =>
      favorites.change((table) => {
        const id = input.id ?? randomUUID();
        if (table.get(id)) throw conflict(`A favorite with id '${id}' already exists`, { id });
        assertNameFree(table, input.name, id);
        const now = new Date();
        const { name, sql, type, description, tags } = input;
        return table.put({ id, name, sql, type, description, tags, created_at: now, updated_at: now, usage_count: 0 });
      }),

    update: (id, patch) =>
      favorites.change((table) => {
        const current = mustGet(table, id);
        const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
        if (next.name !== current.name) assertNameFree(table, next.name, id);
        return table.put({ ...next, updated_at: new Date() });
      }),

    upsert: (record) =>
      favorites.change((table) => {
        assertNameFree(table, record.name, record.id);
        const current = table.get(record.id);
        const now = new Date();
        const { id, name, sql, type, description, tags, usage_count } = record;
        return table.put({
          id,
          name,
          sql,
          type,
          description,
          tags,
          usage_count,
          // As ON CONFLICT DO UPDATE: an update keeps created_at and stamps updated_at.
          created_at: current ? current.created_at : (record.created_at ?? now),
          updated_at: current ? now : (record.updated_at ?? now),
        });
      }),

    delete: (id) =>
      favorites.change((table) => {
        const favorite = mustGet(table, id);
        table.remove(id);
        return favorite;
      }),

    use: (id) =>
      favorites.change((table) => {
        const favorite = mustGet(table, id);
        return table.put({ ...favorite, usage_count: favorite.usage_count + 1 });
      }),
  };
}
