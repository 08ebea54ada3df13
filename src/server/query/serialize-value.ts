import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBUnionValue,
  type DuckDBValue,
} from '@duckdb/node-api';

/** A query result value as JSON carries it, without losing anything. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The one place DuckDB values become JSON (query results over tRPC and REST, column stats):
 * - 8-to-16-byte integers (BIGINT, HUGEINT, UBIGINT…) are numbers while exact (|n| ≤ 2^53 − 1),
 *   else decimal strings; DECIMAL is always its exact decimal text ("19.90");
 * - FLOAT/DOUBLE are numbers; NaN and ±Infinity, which JSON cannot hold, are "NaN", "Infinity";
 * - TIMESTAMP WITH TIME ZONE is ISO 8601 in UTC with microseconds ("2025-01-01T08:00:00.123456Z");
 *   plain TIMESTAMPs are ISO 8601 without a zone (they have none); DATE "2025-01-01", TIME "08:00:00";
 *   ±infinity stays "infinity" / "-infinity";
 * - BLOB is base64; UUID, INTERVAL, BIT, ENUM and JSON are their DuckDB text;
 * - LIST/ARRAY are arrays, STRUCT objects, MAP an object when its keys are text, else
 *   [{key, value}] pairs, UNION `{tag: value}`.
 */
export function serializeValue(value: DuckDBValue): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return exactInteger(value);
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(serializeValue);
  if (value instanceof DuckDBStructValue) return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, serializeValue(v)]));
  if (value instanceof DuckDBMapValue) return serializeMap(value);
  if (value instanceof DuckDBUnionValue) return { [value.tag]: serializeValue(value.value) };
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('base64');
  if (value instanceof DuckDBTimestampTZValue) return timestampText(new DuckDBTimestampValue(value.micros), 'Z');
  if (
    value instanceof DuckDBTimestampValue ||
    value instanceof DuckDBTimestampSecondsValue ||
    value instanceof DuckDBTimestampMillisecondsValue ||
    value instanceof DuckDBTimestampNanosecondsValue
  ) {
    return timestampText(value, '');
  }
  // DECIMAL, DATE, TIME, TIMETZ, INTERVAL, UUID, BIT, VARIANT, GEOMETRY: DuckDB's own exact text.
  return String(value);
}

export function exactInteger(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function serializeMap(map: DuckDBMapValue): JsonValue {
  const entries = map.entries.map(({ key, value }) => ({ key: serializeValue(key), value: serializeValue(value) }));
  if (entries.every((entry) => typeof entry.key === 'string')) return Object.fromEntries(entries.map((e) => [e.key as string, e.value]));
  return entries;
}

/** DuckDB's "YYYY-MM-DD HH:MM:SS.ffffff" as ISO 8601 ("T" between date and time). */
function timestampText(value: { toString(): string }, zone: 'Z' | ''): string {
  const text = value.toString();
  if (text === 'infinity' || text === '-infinity' || text.endsWith('(BC)')) return text;
  const iso = text.replace(' ', 'T');
  return iso.includes('T') ? iso + zone : `${iso}T00:00:00${zone}`;
}
