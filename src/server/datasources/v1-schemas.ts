import { z } from 'zod';
import { DATASOURCE_STATUSES, DATASOURCE_TYPES, datasourceCreateInput, datasourceUpdateInput, type DatasourceView } from './datasource';

/**
 * The versioned /api/v1/datasources API: its request and response schemas. The OpenAPI document
 * (openapi-document.ts) is generated from these same schemas, so the two cannot drift apart.
 */
export const v1CreateBody = datasourceCreateInput;
export const v1UpdateBody = datasourceUpdateInput;

/** Query string of the list: `?search=&type=&status=&sort_by=&sort_direction=&limit=&offset=`. */
export const v1ListQuery = z.object({
  search: z.string().max(200).optional().describe('Matches id, name or type (case-insensitive substring)'),
  type: z.enum(DATASOURCE_TYPES).optional(),
  status: z.enum(DATASOURCE_STATUSES).optional(),
  sort_by: z.enum(['name', 'type', 'created_at', 'updated_at']).default('created_at'),
  sort_direction: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const v1Datasource = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  params: z.record(z.string(), z.unknown()).describe('Connection parameters; secrets are always "********"'),
  status: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  password_needs_reentry: z.boolean().describe('The stored password could not be decrypted (legacy import): send it again'),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  last_tested: z.iso.datetime().nullable(),
});

export const v1DatasourcePage = z.object({
  items: z.array(v1Datasource),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const v1ValidateResult = z.object({
  success: z.boolean(),
  contacted: z.boolean().describe('false: nothing was contacted (invalid params, a password to re-enter, a type without a connector)'),
  message: z.string(),
  latency_ms: z.number().nullable(),
  database_info: z.object({ version: z.string().nullable(), type: z.string() }).nullable(),
  password_needs_reentry: z.boolean().optional(),
  datasource: v1Datasource,
});

export const v1ConnectorType = z.object({
  type: z.string(),
  label: z.string(),
  secret_fields: z.array(z.string()),
  params_schema: z.record(z.string(), z.unknown()).describe('JSON Schema 2020-12 of the params'),
});

/** POST /api/v1/datasources/{id}/import: a table or a query result into a new DuckDB table. */
export const v1ImportBody = z
  .object({
    table: z.string().min(1).max(500).optional().describe('A table to import whole…'),
    schema: z.string().min(1).max(500).optional().describe('…in this schema (PostgreSQL, DuckDB files)'),
    sql: z.string().trim().min(1).max(1_000_000).optional().describe('…or a query whose result is imported (run read-only unless the connection is writable)'),
    table_name: z.string().min(1).max(200).optional().describe('The DuckDB table to create; default: the source table name, or query_result'),
    if_exists: z.enum(['replace', 'fail', 'append']).default('fail'),
    wait: z.boolean().default(false).describe('Answer when the import is done (201) instead of at once (202)'),
  })
  .refine((v) => (v.table === undefined) !== (v.sql === undefined), { message: 'Give either table or sql', path: ['table'] });

export const v1ImportResult = z.object({
  progress_id: z.string().describe('Poll it (tRPC progress.get); cancel with tRPC datasources.cancelImport'),
  file_source: z
    .object({ source_id: z.string(), row_count: z.number().int().nullable(), column_count: z.number().int().nullable(), columns: z.array(z.unknown()).nullable(), file_type: z.string() })
    .nullable()
    .describe('The landed table (with wait), else null'),
});

export const v1Error = z.object({
  success: z.literal(false),
  detail: z.string(),
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).nullable() }),
});

export const v1ValidationError = z.object({
  detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })),
});

/** The v1 shape of a connection (masked already by the service; `extra` stays internal). */
export function toV1Datasource(view: DatasourceView): z.input<typeof v1Datasource> {
  return {
    id: view.id,
    name: view.name,
    type: view.type,
    params: view.params,
    status: view.status,
    description: view.description,
    enabled: view.enabled,
    password_needs_reentry: view.password_needs_reentry,
    created_at: view.created_at.toISOString(),
    updated_at: view.updated_at.toISOString(),
    last_tested: view.last_tested ? view.last_tested.toISOString() : null,
  };
}
