import type { JsonValue } from '../query/serialize-value';
import type { TextValue } from './connector';

/**
 * A transported text value as a query answer shows it, following the rules of DuckDB results
 * (src/server/query/serialize-value.ts): integers as numbers while exact, DECIMAL as exact text,
 * timestamps ISO 8601 (instants in UTC with Z), BLOB base64, JSON and lists parsed.
 */
export function displayValue(value: TextValue, duckdbType: string): JsonValue {
  if (value === null) return null;
  if (duckdbType === 'BOOLEAN') return value === 't' || value === 'true' || value === '1';
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(duckdbType)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (duckdbType === 'DOUBLE' || duckdbType === 'FLOAT') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  if (duckdbType === 'JSON' || duckdbType.endsWith('[]')) {
    try {
      return JSON.parse(value) as JsonValue;
    } catch {
      return value;
    }
  }
  if (duckdbType === 'TIMESTAMPTZ') return isoText(value).replace(/([+-]00)(:?00)?$/, 'Z');
  if (duckdbType === 'TIMESTAMP') return isoText(value);
  if (duckdbType === 'BLOB') return Buffer.from(value, 'hex').toString('base64');
  return value;
}

function isoText(value: string): string {
  return /^\d{4}-\d{2}-\d{2} \d/.test(value) ? value.replace(' ', 'T') : value;
}
