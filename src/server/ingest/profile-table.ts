import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import { log } from '../log';
import type { JsonValue } from '../query/serialize-value';
import { columnStats } from '../tables/column-stats';

/** One column's profile in the legacy shape (FORMATS.md, file-datasources.json `column_profiles`). */
export interface ColumnProfile {
  name: string;
  duckdb_type: string;
  nullable: boolean;
  precision: number | null;
  scale: number | null;
  sample_values: string[];
  statistics: { null_count: number; distinct_count: number; min: JsonValue; max: JsonValue };
}

/**
 * Profiles of every column, computed in ONE aggregate pass over the table (tables/column-stats.ts:
 * nulls, distinct count, min and max of all columns in one statement, plus a sample of the first
 * rows), with nullability and DECIMAL precision/scale from the catalog.
 */
export async function profileTable(connection: DuckDBConnection, table: string): Promise<ColumnProfile[]> {
  const catalog = await connection.runAndReadAll(
    `SELECT column_name, data_type, is_nullable, numeric_precision, numeric_scale FROM duckdb_columns()
      WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
    [table],
  );
  const columns = catalog.getRowObjectsJS().map((c) => ({
    name: String(c.column_name),
    type: String(c.data_type),
    nullable: Boolean(c.is_nullable),
    precision: c.numeric_precision === null ? null : Number(c.numeric_precision),
    scale: c.numeric_scale === null ? null : Number(c.numeric_scale),
  }));
  const estimated = await connection.runAndReadAll(
    `SELECT estimated_size FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1`,
    [table],
  );
  const stats = await columnStats(connection, table, columns, Number(estimated.getRowsJS()[0]?.[0] ?? 0));
  return columns.map((column, i) => {
    const s = stats.columns[i]!;
    const decimal = column.type.startsWith('DECIMAL');
    return {
      name: column.name,
      duckdb_type: column.type,
      nullable: column.nullable,
      precision: decimal ? column.precision : null,
      scale: decimal ? column.scale : null,
      sample_values: s.sample_values.slice(0, 6),
      statistics: { null_count: s.null_count, distinct_count: s.distinct_count, min: s.min_value, max: s.max_value },
    };
  });
}

/** Profiles being computed in this process, by table name (lower case), so callers and tests can wait for one. */
const inFlight: Map<string, Promise<void>> = ((globalThis as { __duckqueryProfiles?: Map<string, Promise<void>> }).__duckqueryProfiles ??= new Map());

/**
 * Computes the profile of a table that just landed, in the background, and writes it to its
 * file-source row with profile_status 'ready' (or 'failed' and the reason). The row is only
 * touched if it still belongs to the same landing (`landingId`): a newer import of the same table
 * is never overwritten by an older profile.
 */
export function scheduleProfile(database: Database, table: string, landingId: string): Promise<void> {
  const key = table.toLowerCase();
  const previous = inFlight.get(key) ?? Promise.resolve();
  const run = previous.then(() => profileAndSave(database, table, landingId));
  inFlight.set(key, run);
  void run.finally(() => {
    if (inFlight.get(key) === run) inFlight.delete(key);
  });
  return run;
}

/** Resolves when the profile of `table` being computed (if any) is saved. */
export async function profileSettled(table: string): Promise<void> {
  await inFlight.get(table.toLowerCase());
}

/** Resolves when every profile being computed in this process is saved (before closing the database: tests, shutdown). */
export async function allProfilesSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
}

async function profileAndSave(database: Database, table: string, landingId: string): Promise<void> {
  let patch: Record<string, unknown>;
  let profiles: ColumnProfile[] | null = null;
  try {
    profiles = await database.read((connection) => profileTable(connection, table));
    patch = { profile_status: 'ready', profile_error: null };
  } catch (error) {
    patch = { profile_status: 'failed', profile_error: errorMessage(error).split('\n')[0]!.slice(0, 300) };
  }
  try {
    await database.write((connection) =>
      connection.run(
        `UPDATE system_file_sources
            SET column_profiles = coalesce($1::JSON, column_profiles), extra = json_merge_patch(extra, $2::JSON)
          WHERE source_id = $3 AND json_extract_string(extra, '$.landing_id') = $4`,
        [profiles ? JSON.stringify(profiles) : null, JSON.stringify(patch), table, landingId],
      ),
    );
  } catch (error) {
    log.warn(`could not save the column profile of ${table}: ${errorMessage(error)}`);
  }
}
