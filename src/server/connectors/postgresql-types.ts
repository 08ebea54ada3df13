/**
 * PostgreSQL type (as `format_type()` writes it) → the DuckDB type an import gives it.
 * numeric without a precision, or wider than DuckDB's DECIMAL(38), stays exact as VARCHAR
 * rather than becoming a lossy DOUBLE. Unknown types (inet, geometric, enums…) are VARCHAR.
 */
export function postgresToDuckdb(formatted: string): string {
  const type = formatted.trim().toLowerCase();
  if (type.endsWith('[]')) return `${postgresToDuckdb(type.replace(/(\[\])+$/, ''))}[]`;
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(type);
  if (numeric) {
    const [precision, scale] = [Number(numeric[1]), Number(numeric[2])];
    return precision <= 38 ? `DECIMAL(${precision},${scale})` : 'VARCHAR';
  }
  if (/^timestamp(\(\d\))? with time zone$/.test(type)) return 'TIMESTAMPTZ';
  if (/^timestamp(\(\d\))?( without time zone)?$/.test(type)) return 'TIMESTAMP';
  if (/^time(\(\d\))? with time zone$/.test(type)) return 'TIMETZ';
  if (/^time(\(\d\))?( without time zone)?$/.test(type)) return 'TIME';
  if (/^interval/.test(type)) return 'INTERVAL';
  return SIMPLE[type] ?? 'VARCHAR';
}

const SIMPLE: Record<string, string> = {
  boolean: 'BOOLEAN',
  smallint: 'SMALLINT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  real: 'FLOAT',
  'double precision': 'DOUBLE',
  date: 'DATE',
  uuid: 'UUID',
  json: 'JSON',
  jsonb: 'JSON',
  bytea: 'BLOB',
  oid: 'BIGINT',
};

/** Whether PostgreSQL's text form of the type needs to_json() to reach DuckDB (arrays). */
export function sendsAsJson(duckdbType: string): boolean {
  return duckdbType.endsWith('[]');
}
