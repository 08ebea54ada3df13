/** The legacy REST shapes of browsing and querying external databases (REST.md "Database connections"). */
import { z } from 'zod';
import type { ColumnInfo, TableInfo } from './connector';
import type { JsonValue } from '../query/serialize-value';
import { nullAsMissing } from '../rest/read-json-body';

/** POST /api/execute_sql: `{sql, datasource, is_preview}`; datasource `{id, type}` (other legacy keys ignored). */
export const legacyExecuteSqlBody = z.preprocess(
  nullAsMissing(['is_preview', 'datasource']),
  z.object({
    sql: z.string().trim().min(1, 'SQL is empty').max(1_000_000),
    datasource: z.object({ id: z.string().min(1).max(200).optional(), type: z.string().min(1).max(50).optional() }).loose().optional(),
    is_preview: z.boolean().default(false),
  }),
);

/** A table as the legacy list named it: bare, or `schema.table` outside the connection's default schema. */
export function legacyTableName(table: TableInfo, defaultSchema: string | null): string {
  return table.schema === null || table.schema === defaultSchema ? table.name : `${table.schema}.${table.name}`;
}

export function rowObjects(columns: { name: string }[], rows: JsonValue[][]): Record<string, JsonValue>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])));
}

export function legacyColumns(columns: ColumnInfo[]) {
  return columns.map((c) => ({ name: c.name, type: c.source_type, duckdb_type: c.duckdb_type, nullable: c.nullable }));
}

/** `{success, data, columns, rowCount, source_type, source_id, sql_query, can_save_to_duckdb}` (+ `truncated`, `message`). */
export function toLegacyExternalResult(answer: { columns: { name: string }[]; rows: JsonValue[][]; truncated: boolean }, sql: string, source: { type: string; id: string }) {
  return {
    success: true,
    data: rowObjects(answer.columns, answer.rows),
    columns: answer.columns.map((c) => c.name),
    rowCount: answer.rows.length,
    source_type: source.type,
    source_id: source.id,
    sql_query: sql,
    can_save_to_duckdb: true,
    truncated: answer.truncated,
  };
}
