/** DuckDB type names (as the server reports them) grouped by how the UI treats them. */
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL(\(.*\))?|BIGNUM|VARINT)$/i;
const TEMPORAL = /^(DATE|TIME|TIMESTAMP.*|TIMESTAMPTZ|TIMESTAMP WITH TIME ZONE|INTERVAL)$/i;

export function isNumericType(type: string): boolean {
  return NUMERIC.test(type.trim());
}

export function isTemporalType(type: string): boolean {
  return TEMPORAL.test(type.trim());
}

/** DECIMAL and 128-bit values arrive as exact text (docs/CONFIGURATION.md): read them as numbers to plot. */
export function numericValue(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}
