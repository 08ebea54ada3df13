import type { z } from 'zod';
import type { Page } from '../shared/list';
import type { Favorite, FavoriteListInput, FavoriteUpdateInput, favoriteCreateInput, favoriteRecord } from './favorite';

/**
 * What the app needs from wherever favorites live. Two implementations share one contract test
 * suite: DuckDB (the store) and legacy JSON (USE_FILE_DATASOURCE_JSON, for debugging only).
 * Every method is atomic; errors are DomainErrors (NOT_FOUND, CONFLICT).
 */
export interface FavoritesStore {
  list(input: FavoriteListInput): Promise<Page<Favorite>>;
  get(id: string): Promise<Favorite | null>;
  create(input: z.output<typeof favoriteCreateInput>): Promise<Favorite>;
  update(id: string, patch: FavoriteUpdateInput): Promise<Favorite>;
  /** Writes a whole record by id (INSERT … ON CONFLICT DO UPDATE); CONFLICT when another id has the name. */
  upsert(record: z.output<typeof favoriteRecord>): Promise<Favorite>;
  delete(id: string): Promise<Favorite>;
  /** usage_count + 1, never losing a concurrent increment. */
  use(id: string): Promise<Favorite>;
}
