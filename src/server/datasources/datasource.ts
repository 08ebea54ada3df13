import { z } from 'zod';
import { pageInput, sortDirection } from '../shared/list';

/** A database connection as stored: secret params hold ciphertext (dq:v1:…), never plain text. */
export interface StoredDatasource {
  id: string;
  name: string;
  type: string;
  params: Record<string, unknown>;
  status: string;
  description: string | null;
  enabled: boolean;
  /** Imported from legacy JSON with a password that could not be decrypted: ask the user for it. */
  password_needs_reentry: boolean;
  extra: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  last_tested: Date | null;
}

/** What every response shows: the same, with secrets masked as "********". */
export type DatasourceView = StoredDatasource;

/** Types the legacy enum allowed; connectors for them arrive with issue 5. */
export const DATASOURCE_TYPES = ['mysql', 'postgresql', 'sqlite', 'duckdb', 'file', 'csv', 'excel', 'json', 'parquet'] as const;
export const DATASOURCE_STATUSES = ['active', 'inactive', 'error', 'testing'] as const;

const id = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\w.\-]+$/, 'id may hold letters, digits, _ . - only');

export const datasourceCreateInput = z.object({
  id: id.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  type: z.enum(DATASOURCE_TYPES),
  params: z.record(z.string(), z.unknown()).default({}),
  status: z.enum(DATASOURCE_STATUSES).optional(),
  description: z.string().max(10_000).nullable().optional(),
  enabled: z.boolean().optional(),
});
export type DatasourceCreateInput = z.input<typeof datasourceCreateInput>;

// params without its default: a patch that leaves params out must keep the stored ones.
export const datasourceUpdateInput = datasourceCreateInput.omit({ id: true }).extend({ params: z.record(z.string(), z.unknown()) }).partial();
export type DatasourceUpdateInput = z.input<typeof datasourceUpdateInput>;

export const datasourceListInput = z.object({
  search: z.string().max(200).optional(),
  type: z.string().max(50).optional(),
  status: z.string().max(50).optional(),
  sortBy: z.enum(['name', 'type', 'created_at', 'updated_at']).default('created_at'),
  sortDirection: sortDirection.default('desc'),
  ...pageInput,
});
export type DatasourceListInput = z.infer<typeof datasourceListInput>;
