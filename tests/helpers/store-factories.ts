import { createDuckdbDatasourcesStore } from '@/server/datasources/duckdb-datasources-store';
import { createDuckdbFavoritesStore } from '@/server/favorites/duckdb-favorites-store';
import { createDuckdbFileSourcesStore } from '@/server/file-sources/duckdb-file-sources-store';
import { createJsonStores, type JsonStoresOptions } from '@/server/json-store/json-stores';
import type { Stores } from '@/server/stores';
import { makeTempDirs, openTestDatabase } from './test-database';

/** What a contract suite runs against: a fresh, empty store and a way to throw it away. */
export type StoreFactory<S> = () => Promise<{ store: S; cleanup: () => void | Promise<void> }>;

interface OpenedStores {
  stores: Stores;
  configDir: string;
  cleanup: () => void;
}

/** The DuckDB stores over a fresh database file with every migration applied. */
export async function openDuckdbStores(): Promise<OpenedStores> {
  const db = await openTestDatabase();
  const stores = {
    favorites: createDuckdbFavoritesStore(db.database),
    fileSources: createDuckdbFileSourcesStore(db.database),
    datasources: createDuckdbDatasourcesStore(db.database),
  };
  return { stores, configDir: db.configDir, cleanup: db.close };
}

/** The legacy-JSON stores (USE_FILE_DATASOURCE_JSON) over an empty temp config dir. */
export async function openJsonStores(options: JsonStoresOptions = {}): Promise<OpenedStores> {
  const dirs = makeTempDirs('duckquery-json-store-');
  const stores = createJsonStores(dirs.configDir, { legacyTimeZone: 'Asia/Shanghai', ...options });
  return { stores, configDir: dirs.configDir, cleanup: dirs.cleanup };
}

export function storeFactory<S>(open: () => Promise<OpenedStores>, pick: (stores: Stores) => S): StoreFactory<S> {
  return async () => {
    const { stores, cleanup } = await open();
    return { store: pick(stores), cleanup };
  };
}
