import { z } from 'zod';

/** Input schemas shared by the tRPC router and the REST APIs. */
const id = z.string().min(1).max(200);

export const describeTableInput = z.object({
  id,
  schema: z.string().min(1).max(500).nullable().optional(),
  table: z.string().min(1).max(500),
  sampleRows: z.number().int().min(0).max(1000).default(10),
});

export const connectorQueryInput = z.object({
  id,
  sql: z.string().trim().min(1, 'SQL is empty').max(1_000_000),
  limit: z.number().int().min(1).max(100_000).default(1000),
});

export const connectorImportInput = z
  .object({
    id,
    /** A table to import whole… */
    table: z.string().min(1).max(500).optional(),
    schema: z.string().min(1).max(500).nullable().optional(),
    /** …or a query's result. */
    sql: z.string().trim().min(1).max(1_000_000).optional(),
    /** The DuckDB table to create; default: the source table's name (sanitised), or query_result. */
    tableName: z.string().min(1).max(200).optional(),
    ifExists: z.enum(['replace', 'fail', 'append']).default('fail'),
    /** Answer when the import is done instead of at once. */
    wait: z.boolean().default(false),
  })
  .refine((v) => (v.table === undefined) !== (v.sql === undefined), { message: 'Give either table or sql' });
export type ConnectorImportInput = z.output<typeof connectorImportInput>;
