import { openDuckdbStores, openJsonStores, storeFactory } from '../helpers/store-factories';
import { datasourcesStoreContract } from './datasources-store.contract';

datasourcesStoreContract('DuckDB', storeFactory(openDuckdbStores, (s) => s.datasources));
datasourcesStoreContract('legacy JSON (USE_FILE_DATASOURCE_JSON)', storeFactory(openJsonStores, (s) => s.datasources));
