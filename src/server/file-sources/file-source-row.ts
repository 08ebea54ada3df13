import { parseJson, toNumber } from '../db/rows';
import type { FileSource } from './file-source';

export const FILE_SOURCE_COLUMNS = [
  'source_id',
  'filename',
  'file_path',
  'file_type',
  'row_count',
  'column_count',
  'columns',
  'column_profiles',
  'schema_version',
  'extra',
  'created_at',
  'updated_at',
] as const;

/** A system_file_sources row, as DuckDB hands it over, to the domain shape. */
export function toFileSource(row: Record<string, unknown>): FileSource {
  return {
    source_id: String(row.source_id),
    filename: String(row.filename),
    file_path: (row.file_path as string | null) ?? null,
    file_type: String(row.file_type),
    row_count: toNumber(row.row_count),
    column_count: toNumber(row.column_count),
    columns: parseJson<unknown[] | null>(row.columns, null),
    column_profiles: parseJson<unknown[] | null>(row.column_profiles, null),
    schema_version: toNumber(row.schema_version),
    extra: parseJson<Record<string, unknown>>(row.extra, {}),
    created_at: row.created_at as Date,
    updated_at: row.updated_at as Date,
  };
}
