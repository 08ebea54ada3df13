import {
  EntryFields,
  checksumOf,
  entryLabel,
  isArray,
  isInt32,
  isJsonObject,
  isNonEmptyString,
  isSafeInteger,
  isString,
} from './entry-fields';
import { FILE_SOURCES, type StagedRow } from './merge-targets';
import { FirstWins, describeType, type IndexedSkip, type NormalizeContext, type NormalizeResult } from './normalized-file';

/**
 * file-datasources.json: an array of entries, or (2025-07 installs) an object keyed by source_id.
 * Columns as strings or [{name, type}] and column_profiles are stored as given; `upload_time`
 * stands in for `created_at`; legacy entries have no `updated_at`, so it is `created_at`.
 */
export function normalizeFileSources(value: unknown, context: NormalizeContext): NormalizeResult {
  let items: { raw: unknown; key?: string }[];
  if (Array.isArray(value)) items = value.map((raw) => ({ raw }));
  else if (isJsonObject(value)) items = Object.entries(value).map(([key, raw]) => ({ raw, key }));
  else return { error: `expected a JSON array, or an object keyed by source_id; found ${describeType(value)}` };

  const rows: StagedRow[] = [];
  const skipped: IndexedSkip[] = [];
  const notes: string[] = [];
  const ids = new FirstWins('source_id');

  items.forEach(({ raw, key }, index) => {
    if (!isJsonObject(raw)) {
      skipped.push({ index, entry: entryLabel(key, index), reason: `not a JSON object (${describeType(raw)})` });
      return;
    }
    const sourceId = isNonEmptyString(raw.source_id) ? raw.source_id : key;
    const label = entryLabel(sourceId, index);
    if (!sourceId) {
      skipped.push({ index, entry: label, reason: 'missing source_id' });
      return;
    }
    const duplicate = ids.conflict(sourceId);
    if (duplicate) {
      skipped.push({ index, entry: label, reason: duplicate });
      return;
    }
    ids.record(sourceId, index);
    const row = normalizeEntry(new EntryFields(raw, label), sourceId, index, context);
    rows.push(row.row);
    notes.push(...row.notes);
  });

  return { target: FILE_SOURCES, entries: items.length, rows, skipped, needsPassword: [], notes };
}

function normalizeEntry(fields: EntryFields, sourceId: string, index: number, context: NormalizeContext) {
  fields.take('source_id', isNonEmptyString);
  let filename = fields.take('filename', isNonEmptyString);
  if (filename === undefined) {
    filename = sourceId;
    fields.notes.push(`${fields.label}: no filename; source_id used`);
  }
  const columns = fields.take('columns', isArray);
  const profiles = fields.take('column_profiles', isArray);
  const created = fields.timestamp(['created_at', 'upload_time'], 'the import time');
  const values = {
    source_id: sourceId,
    filename,
    file_path: fields.take('file_path', isString) ?? null,
    file_type: fields.take('file_type', isNonEmptyString) ?? 'unknown',
    row_count: fields.take('row_count', isSafeInteger) ?? null,
    column_count: fields.take('column_count', isInt32) ?? null,
    columns: columns === undefined ? null : JSON.stringify(columns),
    column_profiles: profiles === undefined ? null : JSON.stringify(profiles),
    schema_version: fields.take('schema_version', isInt32) ?? null,
    extra: JSON.stringify(fields.extra()),
    created_at: created,
    updated_at: created,
  };
  const checksum = checksumOf([...Object.values(values), created?.kind === 'naive' ? context.zone : null]);
  return { row: { index, key: sourceId, checksum, values } satisfies StagedRow, notes: fields.notes };
}
