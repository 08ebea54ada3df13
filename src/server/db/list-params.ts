import { LIST, listValue, type DuckDBListType, type DuckDBListValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/** One column of a set of rows, sent as a single LIST parameter. */
export type ListColumn = readonly [type: DuckDBType, values: DuckDBValue[]];

/**
 * The parameters and types of a statement that takes its rows as one LIST per column:
 * `INSERT INTO t (a, b) SELECT unnest($1::VARCHAR[]), unnest($2::BIGINT[])` (unnests in one
 * SELECT are zipped). Its text is the same for any number of rows, so it is prepared once; a
 * VALUES row per item would be a new statement, planned anew, for every batch size.
 */
export function listParams(columns: readonly ListColumn[]): { values: DuckDBListValue[]; types: DuckDBListType[] } {
  return {
    values: columns.map(([, values]) => listValue(values)),
    types: columns.map(([type]) => LIST(type)),
  };
}
