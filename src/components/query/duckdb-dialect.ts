import { SQLDialect, StandardSQL } from '@codemirror/lang-sql';

/**
 * DuckDB's SQL for highlighting and keyword completion: standard SQL plus DuckDB's own keywords,
 * types and common table functions. lang-sql has no DuckDB dialect of its own.
 */
const DUCKDB_KEYWORDS =
  'describe summarize pivot unpivot qualify asof positional anti semi exclude replace columns struct map list ' +
  'install load attach detach pragma copy export import checkpoint vacuum macro sequence returning ilike glob similar ' +
  'using sample tablesample window filter over partition range rows groups within lateral recursive materialized ' +
  'if exists replace temporary temp view index unique primary foreign references check default nulls first last';

const DUCKDB_TYPES =
  'bigint blob boolean bool date decimal double float hugeint integer int interval json real smallint time timestamp ' +
  'timestamptz tinyint ubigint uhugeint uinteger usmallint utinyint uuid varchar text bit bignum varint enum union';

const DUCKDB_BUILTINS =
  'read_csv read_csv_auto read_parquet read_json read_json_auto read_text range generate_series unnest glob ' +
  'duckdb_tables duckdb_columns duckdb_settings information_schema current_date current_timestamp now ' +
  'count sum avg min max list string_agg approx_count_distinct median quantile_cont mode histogram first last ' +
  'strftime strptime date_trunc date_part epoch coalesce nullif regexp_matches regexp_replace lower upper length';

export const DuckDBSQL = SQLDialect.define({
  ...StandardSQL.spec,
  keywords: `${StandardSQL.spec.keywords ?? ''} ${DUCKDB_KEYWORDS}`,
  types: `${StandardSQL.spec.types ?? ''} ${DUCKDB_TYPES}`,
  builtin: DUCKDB_BUILTINS,
  caseInsensitiveIdentifiers: true,
});
