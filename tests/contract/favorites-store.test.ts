import { openDuckdbStores, openJsonStores, storeFactory } from '../helpers/store-factories';
import { favoritesStoreContract } from './favorites-store.contract';

favoritesStoreContract('DuckDB', storeFactory(openDuckdbStores, (s) => s.favorites));
favoritesStoreContract('legacy JSON (USE_FILE_DATASOURCE_JSON)', storeFactory(openJsonStores, (s) => s.favorites));
