import type { StoredDatasource } from '../datasources/datasource';
import { unexpectedShape } from './json-text';
import type { EntryCodec } from './json-collection';
import type { LegacyClock } from './legacy-clock';
import { UNKNOWN_TIME, extraFields, idOf, isObject, nonEmptyString, stampText, stringOr, withExtra, type JsonObject } from './entry-fields';

const KNOWN = new Set([
  'id',
  'name',
  'type',
  'params',
  'status',
  'description',
  'enabled',
  'password_needs_reentry',
  'created_at',
  'updated_at',
  'last_tested',
]);
/** Hand-written entries put these at the top level, with no `params` (FORMATS.md). */
const FOLDED = ['host', 'port', 'user', 'username', 'password', 'database', 'schema'];

/**
 * datasources.json: `{"database_sources": [...], "file_sources": []}`, or a bare list. Written
 * back as the object, keeping any other top-level field. Params are stored exactly as the store
 * is given them (the service has already encrypted secrets); a hand-written entry's top-level
 * connection fields are read as its params and written back inside `params`.
 */
export function datasourceEntries(clock: LegacyClock): EntryCodec<StoredDatasource> {
  return {
    entries(document, filePath) {
      if (document === undefined) return [];
      if (Array.isArray(document)) return document;
      if (isObject(document)) {
        const sources = document.database_sources ?? [];
        if (Array.isArray(sources)) return sources;
      }
      return unexpectedShape(filePath, '{"database_sources": [...]} or a JSON array of connections', document);
    },

    document(previous, entries) {
      return isObject(previous) ? { ...previous, database_sources: entries } : { database_sources: entries, file_sources: [] };
    },

    decode(entry) {
      if (!isObject(entry)) return null;
      const id = idOf(entry.id);
      const type = typeof entry.type === 'string' ? entry.type : undefined;
      if (id === undefined || type === undefined) return null;
      const folded = isObject(entry.params) ? null : foldParams(entry);
      const created_at = clock.parse(entry.created_at) ?? UNKNOWN_TIME;
      return {
        id,
        name: nonEmptyString(entry.name) ?? id,
        type,
        params: folded ?? (entry.params as JsonObject),
        status: nonEmptyString(entry.status) ?? 'inactive',
        description: stringOr(entry.description, null),
        enabled: typeof entry.enabled === 'boolean' ? entry.enabled : true,
        password_needs_reentry: entry.password_needs_reentry === true,
        extra: extraFields(entry, folded ? new Set([...KNOWN, ...FOLDED]) : KNOWN),
        created_at,
        updated_at: clock.parse(entry.updated_at) ?? created_at,
        last_tested: clock.parse(entry.last_tested),
      };
    },

    encode(source, previous) {
      const before = isObject(previous) ? previous : {};
      const known = {
        id: source.id,
        name: source.name,
        type: source.type,
        params: source.params,
        status: source.status,
        description: source.description,
        enabled: source.enabled,
        password_needs_reentry: source.password_needs_reentry,
        created_at: stampText(clock, source.created_at, before.created_at),
        updated_at: stampText(clock, source.updated_at, before.updated_at),
        last_tested: source.last_tested ? stampText(clock, source.last_tested, before.last_tested) : null,
      };
      return withExtra(known, extraFields(source.extra, KNOWN));
    },

    key: (source) => source.id,
  };
}

function foldParams(entry: JsonObject): JsonObject {
  return Object.fromEntries(FOLDED.filter((key) => entry[key] !== undefined).map((key) => [key, entry[key]]));
}
