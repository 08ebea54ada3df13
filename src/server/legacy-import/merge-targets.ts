import type { LegacyStamp } from './legacy-timestamp';

/**
 * The system tables the importer writes, described once so stage-and-merge.ts can build the
 * staging table, the conversion and the merge for each. Names here are constants, never input.
 */
export type ColumnType = 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'BOOLEAN' | 'JSON' | 'VARCHAR[]' | 'TIMESTAMPTZ';

export interface TargetColumn {
  name: string;
  type: ColumnType;
  /** SQL for an entry without a value; may name converted columns as `c."<name>"`. */
  fallback?: string;
}

export interface MergeTarget {
  table: 'system_file_sources' | 'system_sql_favorites' | 'system_datasources';
  key: string;
  /** A second UNIQUE column: an incoming entry may not take a value another row holds. */
  unique?: string;
  /** What a row is, for skip reasons ("favorite"). */
  noun: string;
  columns: TargetColumn[];
}

/** JSON and VARCHAR[] values arrive as JSON text; TIMESTAMPTZ ones as a classified legacy string. */
export type StagedValue = string | number | boolean | null | LegacyStamp;

export interface StagedRow {
  /** Position of the entry in the file. */
  index: number;
  key: string;
  /** sha256 of the normalised entry (becomes import_checksum). */
  checksum: string;
  values: Record<string, StagedValue>;
}

const createdAt: TargetColumn = { name: 'created_at', type: 'TIMESTAMPTZ', fallback: 'now()' };
const updatedAt: TargetColumn = { name: 'updated_at', type: 'TIMESTAMPTZ', fallback: 'coalesce(c."created_at", now())' };

export const FILE_SOURCES: MergeTarget = {
  table: 'system_file_sources',
  key: 'source_id',
  noun: 'file source',
  columns: [
    { name: 'source_id', type: 'VARCHAR' },
    { name: 'filename', type: 'VARCHAR' },
    { name: 'file_path', type: 'VARCHAR' },
    { name: 'file_type', type: 'VARCHAR' },
    { name: 'row_count', type: 'BIGINT' },
    { name: 'column_count', type: 'INTEGER' },
    { name: 'columns', type: 'JSON' },
    { name: 'column_profiles', type: 'JSON' },
    { name: 'schema_version', type: 'INTEGER' },
    { name: 'extra', type: 'JSON' },
    createdAt,
    updatedAt,
  ],
};

export const FAVORITES: MergeTarget = {
  table: 'system_sql_favorites',
  key: 'id',
  unique: 'name',
  noun: 'favorite',
  columns: [
    { name: 'id', type: 'VARCHAR' },
    { name: 'name', type: 'VARCHAR' },
    { name: 'sql', type: 'VARCHAR' },
    { name: 'type', type: 'VARCHAR' },
    { name: 'description', type: 'VARCHAR' },
    { name: 'tags', type: 'VARCHAR[]' },
    { name: 'usage_count', type: 'BIGINT' },
    { name: 'extra', type: 'JSON' },
    createdAt,
    updatedAt,
  ],
};

export const DATASOURCES: MergeTarget = {
  table: 'system_datasources',
  key: 'id',
  noun: 'connection',
  columns: [
    { name: 'id', type: 'VARCHAR' },
    { name: 'name', type: 'VARCHAR' },
    { name: 'type', type: 'VARCHAR' },
    { name: 'params', type: 'JSON' },
    { name: 'status', type: 'VARCHAR' },
    { name: 'description', type: 'VARCHAR' },
    { name: 'enabled', type: 'BOOLEAN' },
    { name: 'password_needs_reentry', type: 'BOOLEAN' },
    { name: 'extra', type: 'JSON' },
    createdAt,
    updatedAt,
    { name: 'last_tested', type: 'TIMESTAMPTZ' },
  ],
};
