import type { AppConfig } from './config';
import type { Database } from './db/database';
import { createDuckdbDatasourcesStore } from './datasources/duckdb-datasources-store';
import type { DatasourcesStore } from './datasources/datasources-store';
import { createDuckdbFavoritesStore } from './favorites/duckdb-favorites-store';
import type { FavoritesStore } from './favorites/favorites-store';
import { createDuckdbFileSourcesStore } from './file-sources/duckdb-file-sources-store';
import type { FileSourcesStore } from './file-sources/file-sources-store';
import { createJsonStores } from './json-store/json-stores';

export interface Stores {
  favorites: FavoritesStore;
  fileSources: FileSourcesStore;
  datasources: DatasourcesStore;
}

/**
 * DuckDB system tables, or — only with USE_FILE_DATASOURCE_JSON=true, a debugging escape hatch —
 * the legacy JSON files in the config dir. Both satisfy the same contract tests.
 */
export function createStores(config: AppConfig, database: Database): Stores {
  if (config.useFileDatasourceJson) return createJsonStores(config.configDir, { legacyTimeZone: config.legacyTimeZone });
  return {
    favorites: createDuckdbFavoritesStore(database),
    fileSources: createDuckdbFileSourcesStore(database),
    datasources: createDuckdbDatasourcesStore(database),
  };
}
