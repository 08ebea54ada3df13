/**
 * File-source records shaped like the legacy app's file-datasources.json entries
 * (/work/shared/legacy/FORMATS.md), used by every part of the bench. Column profiles have the
 * shape the app itself writes.
 */
import type { ColumnProfile } from '../../src/server/ingest/profile-table';

export interface BenchFileSource {
  source_id: string;
  filename: string;
  file_path: string;
  file_type: string;
  row_count: number;
  column_count: number;
  columns: string[];
  column_profiles?: ColumnProfile[];
  schema_version: number;
  created_at?: string;
  [extra: string]: unknown;
}

const TYPES = ['BIGINT', 'VARCHAR', 'DOUBLE', 'DATE', 'DECIMAL(18,2)', 'BOOLEAN', 'TIMESTAMP'];

export const columnNames = (count: number) => Array.from({ length: count }, (_, c) => `column_${String(c).padStart(2, '0')}_name`);

const SAMPLES = ['alpha', 'beta', 'gamma', 'delta', '1024.50', '华东'];

export function columnProfile(name: string, c: number, samples = 3): ColumnProfile {
  const numeric = c % 2 === 0;
  return {
    name,
    duckdb_type: TYPES[c % TYPES.length]!,
    nullable: true,
    precision: numeric ? 18 : null,
    scale: numeric ? 2 : null,
    sample_values: SAMPLES.slice(0, samples),
    statistics: numeric
      ? { null_count: c, distinct_count: 1000 + c, min: 0.5, max: 99999.75 }
      : { null_count: 0, distinct_count: 42 + c, min: 'aardvark', max: 'zymurgy' },
  };
}

/**
 * A save of the concurrency test: ~2 KB of JSON, 20 columns, four profiled columns and a few
 * extra legacy fields. `sourceId` is unique per save.
 */
export function saveRecord(sourceId: string): BenchFileSource {
  const columns = columnNames(20);
  return {
    source_id: sourceId,
    filename: `${sourceId}.csv`,
    file_path: `api/temp_files/uploads/2025/11/${sourceId}.csv`,
    file_type: 'csv',
    row_count: 125_000,
    column_count: columns.length,
    columns,
    column_profiles: [0, 1, 2, 3].map((c) => columnProfile(columns[c]!, c, 6)),
    schema_version: 2,
    source_url: `https://data.example.org/exports/daily/${sourceId}.csv?format=csv&delimiter=comma`,
    mount_label: 'Shared data',
    source_type: 'server_directory',
    source_sql: `SELECT ${columns.slice(0, 8).join(', ')} FROM read_csv_auto('${sourceId}.csv') WHERE column_00_name IS NOT NULL`,
  };
}

/** A legacy entry with `profiledColumns` column profiles (the import and listing files). */
export function profiledRecord(sourceId: string, profiledColumns: number, createdAt: string): BenchFileSource {
  const columns = columnNames(profiledColumns);
  return {
    source_id: sourceId,
    filename: `${sourceId}.csv`,
    file_path: `api/temp_files/${sourceId}.csv`,
    file_type: 'csv',
    row_count: 125_000,
    column_count: columns.length,
    columns,
    column_profiles: columns.map((name, c) => columnProfile(name, c)),
    schema_version: 2,
    created_at: createdAt,
  };
}

/** The legacy app's writer: json.dump(indent=2, ensure_ascii=False). */
export const legacyJson = (entries: unknown) => JSON.stringify(entries, null, 2);
