import { quotedIdentifier, type DuckDBConnection } from '@duckdb/node-api';
import { serializeValue, type JsonValue } from '../query/serialize-value';

export interface ColumnInfo {
  name: string;
  type: string;
}

export interface ColumnStats {
  column_name: string;
  data_type: string;
  null_count: number;
  distinct_count: number;
  /** False when distinct_count is DuckDB's HyperLogLog estimate (tables over EXACT_DISTINCT_MAX_ROWS rows). */
  distinct_exact: boolean;
  min_value: JsonValue;
  max_value: JsonValue;
  /** Numeric columns only. */
  avg_value: number | null;
  /** Up to SAMPLE_VALUES distinct non-null values from the table's first SAMPLE_ROWS rows, as text. */
  sample_values: string[];
}

export interface TableStats {
  row_count: number;
  columns: ColumnStats[];
}

/** Above this many rows, distinct counts are estimated (approx_count_distinct): exact ones need memory per value. */
export const EXACT_DISTINCT_MAX_ROWS = 1_000_000;
const SAMPLE_ROWS = 100;
const SAMPLE_VALUES = 5;

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(.*\)|BIGNUM|VARINT)$/;
/** Nested types have no useful min/max. */
const NESTED = /(\]$|^(STRUCT|MAP|UNION)\()/;

/**
 * Live statistics of every column in ONE pass over the table: a single aggregate (nulls,
 * distinct count, min, max, avg for every column at once), joined with a small sample read
 * from the table's first rows. Identifiers are quoted; there are no values to bind.
 */
export async function columnStats(connection: DuckDBConnection, table: string, columns: ColumnInfo[], estimatedRows: number): Promise<TableStats> {
  const ref = quotedIdentifier(table);
  const distinct = estimatedRows <= EXACT_DISTINCT_MAX_ROWS ? (c: string) => `count(DISTINCT ${c})` : (c: string) => `approx_count_distinct(${c})`;
  const aggregates = ['count(*) AS n'];
  const samples: string[] = [];
  columns.forEach((column, i) => {
    const c = quotedIdentifier(column.name);
    const orderable = !NESTED.test(column.type);
    aggregates.push(
      `count(${c}) AS nn${i}`,
      `${distinct(c)} AS d${i}`,
      orderable ? `min(${c}) AS min${i}` : `NULL AS min${i}`,
      orderable ? `max(${c}) AS max${i}` : `NULL AS max${i}`,
      NUMERIC.test(column.type) ? `avg(${c})::DOUBLE AS avg${i}` : `NULL::DOUBLE AS avg${i}`,
    );
    samples.push(`(list(DISTINCT ${c}::VARCHAR) FILTER (WHERE ${c} IS NOT NULL))[1:${SAMPLE_VALUES}] AS s${i}`);
  });
  const sql =
    `SELECT * FROM (SELECT ${aggregates.join(', ')} FROM ${ref}) AS agg` +
    (samples.length ? `, (SELECT ${samples.join(', ')} FROM (SELECT * FROM ${ref} LIMIT ${SAMPLE_ROWS})) AS sample` : '');
  const reader = await connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const row = reader.getRows()[0]!;
  const value = (name: string) => row[names.indexOf(name)] ?? null;
  const rowCount = Number(value('n'));
  return {
    row_count: rowCount,
    columns: columns.map((column, i) => {
      const avg = serializeValue(value(`avg${i}`));
      return {
        column_name: column.name,
        data_type: column.type,
        null_count: rowCount - Number(value(`nn${i}`)),
        distinct_count: Number(value(`d${i}`)),
        distinct_exact: estimatedRows <= EXACT_DISTINCT_MAX_ROWS,
        min_value: serializeValue(value(`min${i}`)),
        max_value: serializeValue(value(`max${i}`)),
        avg_value: typeof avg === 'number' ? avg : null,
        sample_values: ((serializeValue(value(`s${i}`)) as string[] | null) ?? []).filter((v) => typeof v === 'string'),
      };
    }),
  };
}
