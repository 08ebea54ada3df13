import { quotedIdentifier } from '@duckdb/node-api';

/**
 * DuckDB expression turning a transported text value (see connector.ts TextValue) into its
 * DuckDB type. DuckDB's own parsers do the conversion, so precision, time zones and special
 * values (infinity, NaN) come through as the source wrote them:
 * - BLOB travels as hex;
 * - LIST / STRUCT / MAP travel as JSON (PostgreSQL arrays are sent as to_json);
 * - everything else as the source's text, cast directly.
 */
export function castFromText(column: string, duckdbType: string): string {
  const value = quotedIdentifier(column);
  if (duckdbType === 'VARCHAR') return value;
  if (duckdbType === 'BLOB') return `unhex(${value})`;
  if (duckdbType === 'JSON') return `CAST(${value} AS JSON)`;
  if (/\[\d*\]$/.test(duckdbType) || /^(STRUCT|MAP)\b/.test(duckdbType)) return `CAST(CAST(${value} AS JSON) AS ${duckdbType})`;
  return `CAST(${value} AS ${duckdbType})`;
}
