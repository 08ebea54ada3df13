import type { Stores } from '../stores';

/** PLACEHOLDER: the legacy-JSON escape hatch is being written. */
export function createJsonStores(_configDir: string): Stores {
  throw new Error('USE_FILE_DATASOURCE_JSON is not available yet');
}
