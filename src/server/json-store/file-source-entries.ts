import type { FileSource } from '../file-sources/file-source';
import { unexpectedShape } from './json-text';
import type { EntryCodec } from './json-collection';
import type { LegacyClock } from './legacy-clock';
import { UNKNOWN_TIME, extraFields, integerOr, isObject, nonEmptyString, stampText, stringOr, withExtra } from './entry-fields';

/** Fields with a place of their own in FileSource; every other field of an entry is `extra`. */
const KNOWN = new Set([
  'source_id',
  'filename',
  'file_path',
  'file_type',
  'row_count',
  'column_count',
  'columns',
  'column_profiles',
  'schema_version',
  'created_at',
  'upload_time',
  'updated_at',
]);

/**
 * file-datasources.json: a JSON array of entries, or (installs of 2025-07) an object keyed by
 * source_id. Either is read; the first write stores the current layout, an array. `updated_at`,
 * which legacy entries lack, is added when the app writes an entry; absent, it is `created_at`
 * (itself `upload_time` before 2025-08-26). Excel-sheet entries have no `file_path`: a null one
 * is written by leaving the field out, as the legacy app did; so are absent profiles and version.
 */
export function fileSourceEntries(clock: LegacyClock): EntryCodec<FileSource> {
  return {
    entries(document, filePath) {
      if (document === undefined) return [];
      if (Array.isArray(document)) return document;
      if (isObject(document)) {
        return Object.entries(document).map(([key, entry]) =>
          isObject(entry) && nonEmptyString(entry.source_id) === undefined ? { source_id: key, ...entry } : entry,
        );
      }
      return unexpectedShape(filePath, 'a JSON array (or an object keyed by source_id) of file sources', document);
    },

    document: (_previous, entries) => entries,

    decode(entry) {
      if (!isObject(entry)) return null;
      const source_id = nonEmptyString(entry.source_id);
      if (source_id === undefined) return null;
      const created_at = clock.parse(entry.created_at ?? entry.upload_time) ?? UNKNOWN_TIME;
      return {
        source_id,
        filename: nonEmptyString(entry.filename) ?? source_id,
        file_path: stringOr(entry.file_path, null),
        file_type: nonEmptyString(entry.file_type) ?? 'unknown',
        row_count: integerOr(entry.row_count, null),
        column_count: integerOr(entry.column_count, null),
        columns: Array.isArray(entry.columns) ? entry.columns : null,
        column_profiles: Array.isArray(entry.column_profiles) ? entry.column_profiles : null,
        schema_version: integerOr(entry.schema_version, null),
        extra: extraFields(entry, KNOWN),
        created_at,
        updated_at: clock.parse(entry.updated_at) ?? created_at,
      };
    },

    encode(source, previous) {
      const before = isObject(previous) ? previous : {};
      const known: Record<string, unknown> = { source_id: source.source_id, filename: source.filename };
      if (source.file_path !== null) known.file_path = source.file_path;
      Object.assign(known, {
        file_type: source.file_type,
        row_count: source.row_count,
        column_count: source.column_count,
        columns: source.columns,
      });
      if (source.column_profiles !== null) known.column_profiles = source.column_profiles;
      if (source.schema_version !== null) known.schema_version = source.schema_version;
      known.created_at = stampText(clock, source.created_at, before.created_at ?? before.upload_time);
      known.updated_at = stampText(clock, source.updated_at, before.updated_at);
      return withExtra(known, withoutKnown(source.extra));
    },

    key: (source) => source.source_id,
  };
}

/** An `extra` field named like a first-class one could not be told apart from it on reading. */
function withoutKnown(extra: Record<string, unknown>): Record<string, unknown> {
  return extraFields(extra, KNOWN);
}
