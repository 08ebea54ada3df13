import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { LegacyStamp } from './legacy-timestamp';
import type { MergeTarget, StagedRow, StagedValue, TargetColumn } from './merge-targets';
import type { IndexedSkip } from './normalized-file';

export interface MergeOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Entries the table refused: rows changed in DuckDB, or a unique value another row holds. */
  skipped: IndexedSkip[];
  /** Keys of entries whose row holds the entry now (inserted, updated or unchanged). */
  imported: (key: string) => boolean;
}

const q = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Set-based import of one file's entries, on a connection inside the caller's transaction:
 * 1. every entry goes into a TEMP staging table through one Appender;
 * 2. one statement converts the timestamps (ICU, in the legacy zone) and classifies each entry
 *    against the table: insert, update, unchanged, or refused;
 * 3. one INSERT … ON CONFLICT DO UPDATE writes the inserts and updates. Its WHERE clause never
 *    overwrites a row whose import_checksum is NULL (changed in DuckDB since the import).
 */
export async function stageAndMerge(
  connection: DuckDBConnection,
  target: MergeTarget,
  rows: readonly StagedRow[],
  zone: string,
): Promise<MergeOutcome> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE legacy_stage (${stagingColumns(target).join(', ')})`);
  await appendRows(connection, target, rows);
  await connection.run(`SET VARIABLE legacy_import_zone = $1`, [zone]);
  await connection.run(`CREATE OR REPLACE TEMP TABLE legacy_ready AS ${classifySql(target)}`);
  await connection.run(mergeSql(target));

  const counts = new Map<string, number>();
  const tally = await connection.runAndReadAll(`SELECT action, count(*)::INTEGER AS n FROM legacy_ready GROUP BY action`);
  for (const [action, n] of tally.getRowsJS()) counts.set(String(action), Number(n));
  const refused = await connection.runAndReadAll(
    `SELECT entry_index, entry_key, action, taken_by FROM legacy_ready
     WHERE action NOT IN ('insert', 'update', 'unchanged') ORDER BY entry_index`,
  );
  const skipped = refused.getRowsJS().map(([index, key, action, takenBy]) => ({
    index: Number(index),
    entry: String(key),
    reason: refusalReason(target, String(action), takenBy as string | null),
  }));
  await connection.run('DROP TABLE legacy_ready; DROP TABLE legacy_stage; RESET VARIABLE legacy_import_zone');

  const refusedKeys = new Set(skipped.map((entry) => entry.entry));
  return {
    inserted: counts.get('insert') ?? 0,
    updated: counts.get('update') ?? 0,
    unchanged: counts.get('unchanged') ?? 0,
    skipped,
    imported: (key) => !refusedKeys.has(key),
  };
}

function refusalReason(target: MergeTarget, action: string, takenBy: string | null): string {
  if (action === 'changed') return 'changed in DuckDB since import';
  if (action === 'exists') return 'already exists in DuckDB';
  return `${target.unique} is already used by ${target.noun} '${takenBy}' in DuckDB`;
}

function stagingColumns(target: MergeTarget): string[] {
  const columns = ['entry_index INTEGER', 'entry_key VARCHAR', 'import_checksum VARCHAR'];
  for (const column of target.columns) {
    if (column.type === 'TIMESTAMPTZ') columns.push(`${q(`${column.name}__text`)} VARCHAR`, `${q(`${column.name}__kind`)} VARCHAR`);
    else if (column.type === 'BIGINT' || column.type === 'INTEGER' || column.type === 'BOOLEAN') columns.push(`${q(column.name)} ${column.type}`);
    else columns.push(`${q(column.name)} VARCHAR`); // VARCHAR, and JSON / VARCHAR[] as JSON text
  }
  return columns;
}

async function appendRows(connection: DuckDBConnection, target: MergeTarget, rows: readonly StagedRow[]): Promise<void> {
  const appender = await connection.createAppender('legacy_stage', null, 'temp');
  try {
    for (const row of rows) {
      appender.appendInteger(row.index);
      appender.appendVarchar(row.key);
      appender.appendVarchar(row.checksum);
      for (const column of target.columns) appendValue(appender, column, row.values[column.name] ?? null);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function appendValue(appender: DuckDBAppender, column: TargetColumn, value: StagedValue): void {
  if (column.type === 'TIMESTAMPTZ') {
    const stamp = value as LegacyStamp | null;
    if (stamp) {
      appender.appendVarchar(stamp.text);
      appender.appendVarchar(stamp.kind);
    } else {
      appender.appendNull();
      appender.appendNull();
    }
  } else if (value === null) appender.appendNull();
  else if (column.type === 'BIGINT') appender.appendBigInt(BigInt(value as number));
  else if (column.type === 'INTEGER') appender.appendInteger(value as number);
  else if (column.type === 'BOOLEAN') appender.appendBoolean(value as boolean);
  else appender.appendVarchar(value as string);
}

/** Staged text to the column's type; naive timestamps are local time in the legacy zone. */
function convertedExpression(column: TargetColumn): string {
  const source = `s.${q(column.name)}`;
  switch (column.type) {
    case 'JSON':
      return `${source}::JSON`;
    case 'VARCHAR[]':
      return `from_json(${source}, '["VARCHAR"]')`;
    case 'TIMESTAMPTZ': {
      const text = `s.${q(`${column.name}__text`)}`;
      return `CASE s.${q(`${column.name}__kind`)}
        WHEN 'offset' THEN CAST(${text} AS TIMESTAMPTZ)
        WHEN 'naive' THEN timezone(getvariable('legacy_import_zone'), CAST(${text} AS TIMESTAMP)) END`;
    }
    default:
      return source;
  }
}

function classifySql(target: MergeTarget): string {
  const converted = target.columns.map((column) => `${convertedExpression(column)} AS ${q(column.name)}`);
  const filled = target.columns.map((column) =>
    column.fallback ? `coalesce(c.${q(column.name)}, ${column.fallback}) AS ${q(column.name)}` : `c.${q(column.name)}`,
  );
  const key = q(target.key);
  const table = q(target.table);
  const unique = target.unique ? q(target.unique) : null;
  const takenBy = unique ? `u.${key}` : 'NULL::VARCHAR';
  return `
    WITH converted AS (
      SELECT s.entry_index, s.entry_key, s.import_checksum, ${converted.join(', ')} FROM legacy_stage s
    ), filled AS (
      SELECT c.entry_index, c.entry_key, c.import_checksum, ${filled.join(', ')} FROM converted c
    )
    SELECT f.*, ${takenBy} AS taken_by,
      CASE
        WHEN t.${key} IS NULL THEN CASE WHEN ${takenBy} IS NULL THEN 'insert' ELSE 'unique-taken' END
        WHEN t.import_checksum IS NULL THEN CASE WHEN t.legacy_imported_at IS NULL THEN 'exists' ELSE 'changed' END
        WHEN t.import_checksum = f.import_checksum THEN 'unchanged'
        WHEN ${takenBy} IS NOT NULL THEN 'unique-taken'
        ELSE 'update'
      END AS action
    FROM filled f
    LEFT JOIN ${table} t ON t.${key} = f.${key}
    ${unique ? `LEFT JOIN ${table} u ON u.${unique} = f.${unique} AND u.${key} <> f.${key}` : ''}`;
}

function mergeSql(target: MergeTarget): string {
  const table = q(target.table);
  const columns = [...target.columns.map((column) => q(column.name)), 'import_checksum'];
  const updates = [...target.columns.filter((column) => column.name !== target.key).map((column) => q(column.name)), 'import_checksum', 'legacy_imported_at'];
  return `
    INSERT INTO ${table} (${columns.join(', ')}, legacy_imported_at)
    SELECT ${columns.join(', ')}, now() FROM legacy_ready WHERE action IN ('insert', 'update') ORDER BY entry_index
    ON CONFLICT (${q(target.key)}) DO UPDATE SET ${updates.map((column) => `${column} = excluded.${column}`).join(', ')}
    WHERE ${table}.import_checksum IS NOT NULL`;
}
