import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared legacy samples (FORMATS.md): `shared/` sits beside the repository. */
export const LEGACY_SAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/legacy/samples');

/** Copies the sample config dir into `configDir` (writable, unlike the shared original). */
export function copySampleConfig(configDir: string): void {
  fs.mkdirSync(configDir, { recursive: true });
  for (const name of fs.readdirSync(path.join(LEGACY_SAMPLES_DIR, 'config'))) {
    fs.copyFileSync(path.join(LEGACY_SAMPLES_DIR, 'config', name), path.join(configDir, name));
    fs.chmodSync(path.join(configDir, name), 0o600);
  }
}

export function writeJson(configDir: string, name: string, value: unknown): string {
  const file = path.join(configDir, name);
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

function columnProfile(table: number, column: number) {
  return {
    name: `column_${column}`,
    duckdb_type: column % 3 === 0 ? 'BIGINT' : column % 3 === 1 ? 'DECIMAL(18,2)' : 'VARCHAR',
    nullable: true,
    precision: column % 3 === 1 ? 18 : null,
    scale: column % 3 === 1 ? 2 : null,
    sample_values: Array.from({ length: 3 }, (_, i) => `v${table}-${column}-${i}`),
    statistics: { null_count: column, distinct_count: 1000 + table, min: column % 3 === 2 ? 'aaa' : 0, max: column % 3 === 2 ? 'zzz' : table * 10 },
  };
}

/**
 * `count` file-datasources.json entries shaped like the legacy app's (current format), with an
 * optional `profileColumns`-column profile each: 5 000 × 40 is the ~70 MB case of issue 2.
 */
export function makeFileSources(count: number, { prefix = 'table', profileColumns = 0 } = {}) {
  return Array.from({ length: count }, (_, table) => {
    const columns = Array.from({ length: Math.max(profileColumns, 3) }, (_, c) => `column_${c}`);
    return {
      source_id: `${prefix}_${table}`,
      filename: `${prefix}_${table}.csv`,
      file_path: `api/temp_files/${prefix}_${table}.csv`,
      file_type: 'csv',
      row_count: table * 17,
      column_count: columns.length,
      columns,
      ...(profileColumns > 0 ? { column_profiles: columns.map((_, c) => columnProfile(table, c)) } : {}),
      schema_version: 2,
      created_at: `2025-10-${String((table % 28) + 1).padStart(2, '0')}T14:03:11.${String(table).padStart(6, '0')}+08:00`,
    };
  });
}
