import type { TableDetail, TableSummary } from './tables-service';

/** `{table_name, column_count, row_count, created_at}` (REST.md "DuckDB tables and queries"). */
export function toLegacyTableSummary(t: TableSummary) {
  return { table_name: t.table_name, column_count: t.column_count, row_count: t.row_count, created_at: t.created_at };
}

/** `{table_name, row_count, column_count, columns: [{column_name, data_type, null_count, distinct_count, min_value, max_value, avg_value, sample_values}]}`. */
export function toLegacyTableDetail(t: TableDetail) {
  return {
    table_name: t.table_name,
    row_count: t.row_count,
    column_count: t.column_count,
    columns: t.columns.map((c) => ({
      column_name: c.column_name,
      data_type: c.data_type,
      null_count: c.null_count,
      distinct_count: c.distinct_count,
      min_value: c.min_value,
      max_value: c.max_value,
      avg_value: c.avg_value,
      sample_values: c.sample_values,
    })),
  };
}

/** Next.js hands a dynamic route its params as a promise. */
export interface TableParams {
  params: Promise<{ table: string }>;
}
