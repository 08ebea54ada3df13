import type { AppConfig } from './config';
import type { Database } from './db/database';
import type { Keyring } from './secrets/keyring';
import type { Stores } from './stores';

/** Process-wide things every request can use; built once at start-up. */
export interface AppContext {
  config: AppConfig;
  database: Database;
  keyring: Keyring;
  stores: Stores;
}
