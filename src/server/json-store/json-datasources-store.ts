import { conflict, notFound } from '../errors';
import type { StoredDatasource } from '../datasources/datasource';
import type { DatasourcesStore, NewStoredDatasource } from '../datasources/datasources-store';
import type { JsonCollection, Table } from './json-collection';
import { containsIgnoreCase, sortAndPage } from './list-query';

function mustGet(table: Table<StoredDatasource>, id: string): StoredDatasource {
  const found = table.get(id);
  if (!found) throw notFound('Connection', id);
  return found;
}

/** As the DuckDB store's INSERT … ON CONFLICT DO UPDATE: an update keeps created_at; updated_at is always now. */
function write(table: Table<StoredDatasource>, record: NewStoredDatasource): StoredDatasource {
  const current = table.get(record.id);
  const { created_at, ...fields } = record;
  return table.put({ ...fields, created_at: current ? current.created_at : (created_at ?? new Date()), updated_at: new Date() });
}

/** DatasourcesStore over datasources.json, with the semantics of createDuckdbDatasourcesStore. */
export function createJsonDatasourcesStore(datasources: JsonCollection<StoredDatasource>): DatasourcesStore {
  return {
    async list(input) {
      const matching = (await datasources.records()).filter(
        (d) =>
          (!input.search || containsIgnoreCase(d.id, input.search) || containsIgnoreCase(d.name, input.search)) &&
          (!input.type || d.type === input.type) &&
          (!input.status || d.status === input.status),
      );
      return sortAndPage(matching, { key: (d) => d[input.sortBy], direction: input.sortDirection, id: (d) => d.id }, input);
    },

    get: (id) => datasources.get(id),

    create: (record) =>
      datasources.change((table) => {
        if (table.get(record.id)) throw conflict(`A connection with id '${record.id}' already exists`, { id: record.id });
        return write(table, record);
      }),

    update: (id, change) => datasources.change((table) => write(table, { ...change(mustGet(table, id)), id })),

    upsert: (record) => datasources.change((table) => write(table, record)),

    delete: (id) =>
      datasources.change((table) => {
        const found = mustGet(table, id);
        table.remove(id);
        return found;
      }),
  };
}
