import { isSecretParam } from '../secrets/secret-fields';
import {
  EntryFields,
  checksumOf,
  entryLabel,
  idOf,
  isBoolean,
  isJsonObject,
  isNonEmptyString,
  isString,
  type JsonObject,
} from './entry-fields';
import { convertSecretParams } from './legacy-secrets';
import { DATASOURCES, type StagedRow } from './merge-targets';
import { FirstWins, describeType, type IndexedSkip, type NormalizeContext, type NormalizeResult } from './normalized-file';

/** Connection keys hand-written entries put at the top level instead of in `params`. */
const TOP_LEVEL_PARAMS = new Set(['host', 'port', 'user', 'username', 'password', 'database', 'schema']);

/**
 * The connection list of datasources.json: `{database_sources, file_sources}`, a bare `[]` or a
 * bare list. Null when the top level is none of these.
 */
export function connectionsOf(value: unknown): { connections: unknown[]; notes: string[] } | null {
  if (Array.isArray(value)) return { connections: value, notes: [] };
  if (!isJsonObject(value)) return null;
  const { database_sources: connections = [], file_sources: fileSources, ...others } = value;
  if (!Array.isArray(connections ?? [])) return null;
  const notes: string[] = [];
  if (Array.isArray(fileSources) && fileSources.length > 0) {
    notes.push(`file_sources (${fileSources.length} entries) ignored: the legacy app never read it; file sources come from file-datasources.json`);
  }
  for (const key of Object.keys(others)) notes.push(`top-level key '${key}' ignored: not a connection list`);
  return { connections: (connections ?? []) as unknown[], notes };
}

/** datasources.json. */
export function normalizeDatasources(value: unknown, context: NormalizeContext): NormalizeResult {
  const found = connectionsOf(value);
  if (!found) {
    return { error: `expected {"database_sources": [...]} or a JSON array of connections; found ${describeType(value)}` };
  }
  return normalizeConnections(found.connections, context, { defaultType: null, notes: found.notes });
}

/** mysql-configs.json: the oldest list, `{id, name, type, params, enabled, description}` entries. */
export function normalizeMysqlConfigs(value: unknown, context: NormalizeContext): NormalizeResult {
  if (!Array.isArray(value)) return { error: `expected a JSON array of MySQL connections; found ${describeType(value)}` };
  return normalizeConnections(value, context, { defaultType: 'mysql', notes: [] });
}

function normalizeConnections(
  items: unknown[],
  context: NormalizeContext,
  options: { defaultType: string | null; notes: string[] },
): NormalizeResult {
  const rows: StagedRow[] = [];
  const skipped: IndexedSkip[] = [];
  const needsPassword: string[] = [];
  const notes = [...options.notes];
  const ids = new FirstWins('id');

  items.forEach((raw, index) => {
    if (!isJsonObject(raw)) {
      skipped.push({ index, entry: entryLabel(undefined, index), reason: `not a JSON object (${describeType(raw)})` });
      return;
    }
    const id = idOf(raw.id);
    const label = entryLabel(id, index);
    const type = isNonEmptyString(raw.type) ? raw.type : options.defaultType;
    const reason = !id ? 'missing id' : !type ? 'missing type: cannot tell which database it connects to' : ids.conflict(id);
    if (reason) {
      skipped.push({ index, entry: label, reason });
      return;
    }
    ids.record(id!, index);
    const row = normalizeConnection(new EntryFields(raw, label), id!, type!, index, context);
    rows.push(row.row);
    notes.push(...row.notes);
    if (row.needsReentry) needsPassword.push(id!);
  });

  if (needsPassword.length > 0 && !context.fernetKey) {
    notes.push('no usable legacy key (secret.key), so encrypted passwords could not be read');
  }
  return { target: DATASOURCES, entries: items.length, rows, skipped, needsPassword, notes };
}

function normalizeConnection(fields: EntryFields, id: string, type: string, index: number, context: NormalizeContext) {
  fields.consume('id');
  fields.consume('type');
  let name = fields.take('name', isNonEmptyString);
  if (name === undefined) {
    name = id;
    fields.notes.push(`${fields.label}: no name; id used`);
  }
  const secrets = convertSecretParams(foldParams(fields), context.fernetKey, context.keyring);
  const created = fields.timestamp(['created_at'], 'the import time');
  const updated = fields.timestamp(['updated_at'], 'created_at');
  const tested = fields.timestamp(['last_tested'], 'null');
  const values = {
    id,
    name,
    type,
    params: JSON.stringify(secrets.params),
    status: fields.take('status', isNonEmptyString) ?? 'inactive',
    description: fields.take('description', isString) ?? null,
    enabled: fields.take('enabled', isBoolean) ?? true,
    password_needs_reentry: secrets.needsReentry,
    extra: JSON.stringify(fields.extra()),
    created_at: created,
    updated_at: updated,
    last_tested: tested,
  };
  // The checksum sees keyed fingerprints of the legacy secrets, never the fresh ciphertext
  // (a new IV each run) nor the plain text.
  const naive = [created, updated, tested].some((stamp) => stamp?.kind === 'naive');
  const checksum = checksumOf([...Object.values({ ...values, params: null }), redactedParams(secrets.params, secrets.fingerprints), naive ? context.zone : null]);
  return { row: { index, key: id, checksum, values } satisfies StagedRow, needsReentry: secrets.needsReentry, notes: fields.notes };
}

/**
 * `params`, plus connection keys written at the top level (hand-written entries). A key that
 * `params` also has stays in extra, except a secret one, which is dropped: secrets never land in
 * extra in clear.
 */
function foldParams(fields: EntryFields): JsonObject {
  const params: JsonObject = { ...(fields.take('params', isJsonObject) ?? {}) };
  for (const [key, value] of Object.entries(fields.raw)) {
    if (fields.isConsumed(key) || !(TOP_LEVEL_PARAMS.has(key) || isSecretParam(key))) continue;
    if (!(key in params)) {
      params[key] = value;
      fields.consume(key);
    } else if (isSecretParam(key)) {
      fields.consume(key);
      fields.notes.push(`${fields.label}: top-level ${key} dropped: params has one`);
    }
  }
  return params;
}

function redactedParams(params: JsonObject, fingerprints: Record<string, string>): JsonObject {
  return { ...Object.fromEntries(Object.entries(params).filter(([key]) => !(key in fingerprints))), ...fingerprints };
}
