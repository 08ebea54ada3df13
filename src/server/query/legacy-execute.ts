import { z } from 'zod';
import { nullAsMissing } from '../rest/read-json-body';
import { sourceId } from '../file-sources/file-source';
import { sqlText } from './query-input';
import type { QueryResult } from './query-service';

/** POST /api/duckdb/execute: `{sql, save_as_table?, is_preview}`. */
export const legacyExecuteBody = z.preprocess(
  nullAsMissing(['save_as_table', 'is_preview']),
  z.object({
    sql: sqlText,
    save_as_table: sourceId.optional(),
    is_preview: z.boolean().default(false),
  }),
);

/**
 * The legacy answer: `{success, columns, data, row_count, execution_time_ms, sql_executed,
 * available_tables, saved_table, message}`; `columns` are names, `data` row objects.
 */
export function toLegacyExecuteResult(result: QueryResult, sql: string, availableTables: string[]) {
  const names = result.columns.map((c) => c.name);
  const shown = result.truncated
    ? `the first ${result.rowCount} rows (max_query_rows; the result has more — add a LIMIT to choose)`
    : `${result.rowCount} row${result.rowCount === 1 ? '' : 's'}`;
  const saved = result.savedTable ? `; saved as table '${result.savedTable}'` : '';
  return {
    success: true,
    columns: names,
    data: result.rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? null]))),
    row_count: result.rowCount,
    execution_time_ms: Math.round(result.elapsedMs * 100) / 100,
    sql_executed: sql,
    available_tables: availableTables,
    saved_table: result.savedTable,
    message: `Query executed: ${shown}${saved}`,
  };
}
