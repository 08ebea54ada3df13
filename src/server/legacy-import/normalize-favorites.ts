import { EntryFields, checksumOf, entryLabel, idOf, isJsonObject, isNonEmptyString, isSafeInteger, isString } from './entry-fields';
import { FAVORITES, type StagedRow } from './merge-targets';
import { FirstWins, describeType, type IndexedSkip, type NormalizeContext, type NormalizeResult } from './normalized-file';

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((tag) => typeof tag === 'string');
const isCount = (value: unknown): value is number => isSafeInteger(value) && value >= 0;

/**
 * sql-favorites.json: an array of saved queries. An item without id, name or sql is reported,
 * never guessed; a repeated id or name keeps the first. Timestamps are local time with a
 * misleading `Z` (FORMATS.md), so `Z` is read in the legacy zone here, not as UTC.
 */
export function normalizeFavorites(value: unknown, context: NormalizeContext): NormalizeResult {
  if (!Array.isArray(value)) return { error: `expected a JSON array of favorites; found ${describeType(value)}` };

  const rows: StagedRow[] = [];
  const skipped: IndexedSkip[] = [];
  const notes: string[] = [];
  const ids = new FirstWins('id');
  const names = new FirstWins('name');

  value.forEach((raw: unknown, index) => {
    if (!isJsonObject(raw)) {
      skipped.push({ index, entry: entryLabel(undefined, index), reason: `not a JSON object (${describeType(raw)})` });
      return;
    }
    const id = idOf(raw.id);
    const name = isNonEmptyString(raw.name) ? raw.name : undefined;
    const label = entryLabel(id ?? name, index);
    const missing = [id ? null : 'id', name ? null : 'name', isNonEmptyString(raw.sql) ? null : 'sql'].filter(Boolean);
    const reason = missing.length > 0 ? `missing ${missing.join(', ')}` : (ids.conflict(id!) ?? names.conflict(name!));
    if (reason) {
      skipped.push({ index, entry: label, reason });
      return;
    }
    ids.record(id!, index);
    names.record(name!, index);
    const fields = new EntryFields(raw, label);
    fields.consume('id');
    fields.consume('name');
    const created = fields.timestamp(['created_at'], 'the import time', { zIsLocal: true });
    const updated = fields.timestamp(['updated_at'], 'created_at', { zIsLocal: true });
    const values = {
      id: id!,
      name: name!,
      sql: fields.take('sql', isString)!,
      type: fields.take('type', isNonEmptyString) ?? 'duckdb',
      description: fields.take('description', isString) ?? '',
      tags: JSON.stringify(fields.take('tags', isStringArray) ?? []),
      usage_count: fields.take('usage_count', isCount) ?? 0,
      extra: '',
      created_at: created,
      updated_at: updated,
    };
    values.extra = JSON.stringify(fields.extra());
    const naive = created?.kind === 'naive' || updated?.kind === 'naive';
    rows.push({ index, key: id!, checksum: checksumOf([...Object.values(values), naive ? context.zone : null]), values });
    notes.push(...fields.notes);
  });

  return { target: FAVORITES, entries: value.length, rows, skipped, needsPassword: [], notes };
}
