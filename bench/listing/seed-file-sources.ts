import type { Database } from '../../src/server/db/database';

/**
 * `count` file sources in one set-based statement: 20 columns each; every tenth row has 40
 * columns with a full legacy-shaped profile per column (the large rows a list must skip).
 * created_at is one second apart, so the sort order is total.
 */
export async function seedFileSources(database: Database, count: number): Promise<void> {
  await database.transaction((connection) =>
    connection.run(
      `INSERT INTO system_file_sources (source_id, filename, file_path, file_type, row_count, column_count, columns,
         column_profiles, schema_version, extra, created_at, updated_at)
       SELECT 'bench_' || lpad(i::VARCHAR, 6, '0'), 'bench_' || i || '.csv', 'api/temp_files/bench_' || i || '.csv', 'csv',
         (i * 7919) % 1000000, cols, to_json(list_transform(range(cols), c -> 'column_' || c)),
         CASE WHEN profiled THEN to_json(list_transform(range(cols), c -> {
           'name': 'column_' || c, 'duckdb_type': 'VARCHAR', 'nullable': true, 'precision': NULL, 'scale': NULL,
           'sample_values': ['alpha', 'beta', 'gamma'],
           'statistics': {'null_count': c, 'distinct_count': 1000 + c, 'min': 'aardvark', 'max': 'zymurgy'}})) END,
         2, json_object('mount_label', 'Shared data'),
         TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds(i), TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds(i)
       FROM (SELECT range AS i, range % 10 = 0 AS profiled, CASE WHEN range % 10 = 0 THEN 40 ELSE 20 END AS cols FROM range($count))`,
      { count },
    ),
  );
}
