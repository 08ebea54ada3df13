import { openDuckdbStores, openJsonStores, storeFactory } from '../helpers/store-factories';
import { fileSourcesStoreContract } from './file-sources-store.contract';

fileSourcesStoreContract('DuckDB', storeFactory(openDuckdbStores, (s) => s.fileSources));
fileSourcesStoreContract('legacy JSON (USE_FILE_DATASOURCE_JSON)', storeFactory(openJsonStores, (s) => s.fileSources));
