import { z } from 'zod';
import { pageInput, sortDirection } from '../shared/list';

/** A saved SQL query. Field names follow the legacy API and the system table. */
export interface Favorite {
  id: string;
  name: string;
  sql: string;
  type: string;
  description: string;
  tags: string[];
  created_at: Date;
  updated_at: Date;
  usage_count: number;
}

const name = z.string().trim().min(1, 'name must not be empty').max(200);
const tags = z.array(z.string().trim().min(1).max(100)).max(50);

export const favoriteCreateInput = z.object({
  id: z.string().trim().min(1).max(200).optional(),
  name,
  sql: z.string().min(1, 'sql must not be empty').max(1_000_000),
  type: z.string().trim().min(1).max(50).default('duckdb'),
  description: z.string().max(10_000).default(''),
  tags: tags.default([]),
});
export type FavoriteCreateInput = z.input<typeof favoriteCreateInput>;

export const favoriteUpdateInput = z.object({
  name: name.optional(),
  sql: z.string().min(1, 'sql must not be empty').max(1_000_000).optional(),
  type: z.string().trim().min(1).max(50).optional(),
  description: z.string().max(10_000).optional(),
  tags: tags.optional(),
});
export type FavoriteUpdateInput = z.infer<typeof favoriteUpdateInput>;

export const favoriteListInput = z.object({
  search: z.string().max(200).optional(),
  type: z.string().max(50).optional(),
  tag: z.string().max(100).optional(),
  sortBy: z.enum(['name', 'created_at', 'updated_at', 'usage_count']).default('created_at'),
  sortDirection: sortDirection.default('desc'),
  ...pageInput,
});
export type FavoriteListInput = z.infer<typeof favoriteListInput>;

/** A complete record, as imported or restored; `upsert` writes it whole. */
export const favoriteRecord = favoriteCreateInput.extend({
  id: z.string().trim().min(1).max(200),
  created_at: z.date().optional(),
  updated_at: z.date().optional(),
  usage_count: z.number().int().min(0).default(0),
});
export type FavoriteRecord = z.input<typeof favoriteRecord>;
