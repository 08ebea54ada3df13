import { z } from 'zod';
import { favoriteCreateInput, favoriteUpdateInput, type Favorite } from '../favorites/favorite';
import { nullAsMissing } from './read-json-body';

/** POST /api/sql-favorites: `{name, sql, type, description?, tags?}`; the id is always made by the server. */
export const legacyFavoriteCreateBody = z.preprocess(nullAsMissing(['type', 'description', 'tags']), favoriteCreateInput.omit({ id: true }));

/** PUT /api/sql-favorites/{id}: any subset of the same fields. */
export const legacyFavoriteUpdateBody = z.preprocess(nullAsMissing(['name', 'sql', 'type', 'description', 'tags']), favoriteUpdateInput);

/** favorite = `{id, name, sql, type, description, tags, created_at, updated_at, usage_count}`, nothing more. */
export function toLegacyFavorite(f: Favorite) {
  return {
    id: f.id,
    name: f.name,
    sql: f.sql,
    type: f.type,
    description: f.description,
    tags: f.tags,
    created_at: f.created_at,
    updated_at: f.updated_at,
    usage_count: f.usage_count,
  };
}
