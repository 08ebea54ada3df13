import { z } from 'zod';
import { sourceId } from '../file-sources/file-source';

/** SQL text as the SQL box accepts it (a favorite's SQL is capped the same way). */
export const sqlText = z.string().min(1).max(1_000_000);

/** A client-chosen id, so that a running query can be cancelled. */
export const queryId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only');

export const queryRunInput = z.object({
  sql: sqlText,
  queryId: queryId.optional(),
  /** Rows per page (at most the server's max_query_rows). */
  limit: z.number().int().min(1).max(1_000_000).optional(),
  offset: z.number().int().min(0).default(0),
  /** Save the result of a single SELECT as a new table (with its file-source row). */
  saveAsTable: sourceId.optional(),
  /** The legacy LIMIT rule: a SELECT with a LIMIT of its own answers its rows (up to the hard cap), else max_query_rows. */
  legacyLimitRule: z.boolean().default(false),
});
export type QueryRunInput = z.infer<typeof queryRunInput>;

export const queryCancelInput = z.object({ queryId });

/** A table of the tables API: a DuckDB table name (quoted where it is used). */
export const tableNameInput = z.object({ table: sourceId });
