import type { Favorite } from '../favorites/favorite';
import { unexpectedShape } from './json-text';
import type { EntryCodec } from './json-collection';
import type { LegacyClock } from './legacy-clock';
import { UNKNOWN_TIME, idOf, integerOr, isObject, nonEmptyString, stampText, stringOr } from './entry-fields';

/** Favorites' timestamps are local time with a misleading `Z` (FORMATS.md). */
const LOCAL_Z = { zIsLocal: true };

/**
 * sql-favorites.json: a JSON array of `{id, name, sql, type, description, tags, created_at,
 * updated_at, usage_count}`. Entries without id, name or sql are not favorites the app can show;
 * they stay in the file as they are. Fields the app does not know are kept when an entry is rewritten.
 */
export function favoriteEntries(clock: LegacyClock): EntryCodec<Favorite> {
  return {
    entries(document, filePath) {
      if (document === undefined) return [];
      if (Array.isArray(document)) return document;
      return unexpectedShape(filePath, 'a JSON array of favorites', document);
    },

    document: (_previous, entries) => entries,

    decode(entry) {
      if (!isObject(entry)) return null;
      const id = idOf(entry.id);
      const name = nonEmptyString(entry.name);
      const sql = nonEmptyString(entry.sql);
      if (id === undefined || name === undefined || sql === undefined) return null;
      const created_at = clock.parse(entry.created_at, LOCAL_Z) ?? UNKNOWN_TIME;
      return {
        id,
        name,
        sql,
        type: nonEmptyString(entry.type) ?? 'duckdb',
        description: stringOr(entry.description, ''),
        tags: Array.isArray(entry.tags) ? entry.tags.filter((tag): tag is string => typeof tag === 'string') : [],
        created_at,
        updated_at: clock.parse(entry.updated_at, LOCAL_Z) ?? created_at,
        usage_count: integerOr(entry.usage_count, 0),
      };
    },

    encode(favorite, previous) {
      const before = isObject(previous) ? previous : {};
      return {
        ...before,
        id: favorite.id,
        name: favorite.name,
        sql: favorite.sql,
        type: favorite.type,
        description: favorite.description,
        tags: favorite.tags,
        created_at: stampText(clock, favorite.created_at, before.created_at, LOCAL_Z),
        updated_at: stampText(clock, favorite.updated_at, before.updated_at, LOCAL_Z),
        usage_count: favorite.usage_count,
      };
    },

    key: (favorite) => favorite.id,
  };
}
