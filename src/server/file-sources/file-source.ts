import { z } from 'zod';
import { pageInput, sortDirection } from '../shared/list';

/** Metadata of a DuckDB table loaded from a file, URL, paste, query… (legacy field names). */
export interface FileSource {
  source_id: string;
  filename: string;
  file_path: string | null;
  file_type: string;
  row_count: number | null;
  column_count: number | null;
  columns: unknown[] | null;
  /** null in lists unless asked for: profiles are large. */
  column_profiles: unknown[] | null;
  schema_version: number | null;
  /** Every other legacy field (source_url, sheet_name, source_sql, …), kept verbatim. */
  extra: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/** source_id is a DuckDB table name: printable, no NUL, bounded. Quoting is done where it is used. */
export const sourceId = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => !/[\u0000-\u001f]/.test(s), 'source_id must not contain control characters');

export const fileSourceUpsertInput = z.object({
  source_id: sourceId,
  filename: z.string().min(1).max(1000),
  file_path: z.string().max(4096).nullable().default(null),
  file_type: z.string().min(1).max(50),
  row_count: z.number().int().min(0).nullable().default(null),
  column_count: z.number().int().min(0).nullable().default(null),
  columns: z.array(z.unknown()).nullable().default(null),
  column_profiles: z.array(z.unknown()).nullable().default(null),
  schema_version: z.number().int().nullable().default(2),
  extra: z.record(z.string(), z.unknown()).default({}),
  created_at: z.date().optional(),
});
export type FileSourceUpsertInput = z.input<typeof fileSourceUpsertInput>;

export const fileSourceListInput = z.object({
  search: z.string().max(200).optional(),
  fileType: z.string().max(50).optional(),
  includeProfiles: z.boolean().default(false),
  sortBy: z.enum(['created_at', 'updated_at', 'source_id', 'filename', 'row_count']).default('created_at'),
  sortDirection: sortDirection.default('desc'),
  ...pageInput,
});
export type FileSourceListInput = z.infer<typeof fileSourceListInput>;
