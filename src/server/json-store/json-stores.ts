/**
 * USE_FILE_DATASOURCE_JSON=true: the stores over the legacy JSON files in the config dir
 * (sql-favorites.json, file-datasources.json, datasources.json; shapes in FORMATS.md).
 *
 * FOR DEBUGGING ONLY (issue 2, item 9): to look at or hand-edit what the Python backend left, or
 * to rule the DuckDB system tables out while chasing a bug. DuckDB is the store. These files are
 * rewritten whole on every change and scanned whole on every read; nothing here is meant to scale.
 *
 * What it does guarantee: the same contract as the DuckDB stores (tests/contract/), atomic writes
 * (temp file + fsync + rename), no lost update across threads or processes (an in-process mutex
 * plus a `<file>.lock` lock file per file), and a file that is not valid JSON is reported with its
 * line and column and never written over.
 */
import path from 'node:path';
import { loadConfig } from '../config';
import type { Stores } from '../stores';
import { datasourceEntries } from './datasource-entries';
import { favoriteEntries } from './favorite-entries';
import { fileSourceEntries } from './file-source-entries';
import type { LockOptions } from './file-lock';
import { JsonCollection, type EntryCodec } from './json-collection';
import { createJsonDatasourcesStore } from './json-datasources-store';
import { createJsonFavoritesStore } from './json-favorites-store';
import { JsonFile } from './json-file';
import { createJsonFileSourcesStore } from './json-file-sources-store';
import { LegacyClock, resolveLegacyZone } from './legacy-clock';

export const JSON_STORE_FILES = {
  favorites: 'sql-favorites.json',
  fileSources: 'file-datasources.json',
  datasources: 'datasources.json',
} as const;

export interface JsonStoresOptions {
  /** Zone of legacy naive / fake-`Z` timestamps; default AppConfig.legacyTimeZone, then app-config.json, then the server's. */
  legacyTimeZone?: string | null;
  lock?: Partial<LockOptions>;
}

export function createJsonStores(configDir: string, options: JsonStoresOptions = {}): Stores {
  const fromConfig = options.legacyTimeZone !== undefined ? options.legacyTimeZone : loadConfig().legacyTimeZone;
  const clock = new LegacyClock(resolveLegacyZone(configDir, fromConfig));
  const collection = <R>(fileName: string, codec: EntryCodec<R>) =>
    new JsonCollection(new JsonFile(path.join(configDir, fileName), options.lock), codec);

  return {
    favorites: createJsonFavoritesStore(collection(JSON_STORE_FILES.favorites, favoriteEntries(clock))),
    fileSources: createJsonFileSourcesStore(collection(JSON_STORE_FILES.fileSources, fileSourceEntries(clock))),
    datasources: createJsonDatasourcesStore(collection(JSON_STORE_FILES.datasources, datasourceEntries(clock))),
  };
}
