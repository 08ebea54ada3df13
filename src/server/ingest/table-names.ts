import type { DuckDBConnection } from '@duckdb/node-api';
import { badInput } from '../errors';
import { isReservedName } from '../query/reserved-names';

/** Longest table name we make (code points): long enough for any real file name, short enough for every UI. */
export const MAX_TABLE_NAME_LENGTH = 100;

/**
 * A safe DuckDB table name from a file name, alias or sheet name: letters (any script), digits
 * and `_`; everything else (spaces, dots, slashes, NUL, quotes) becomes `_`. Leading digits get a
 * `t_` prefix (a bare identifier cannot start with one), leading `_` are dropped (`_dq_…` names
 * belong to the app's staging tables) and names that read as `system_*` get `t_` too (they belong
 * to DuckQuery). The result is still quoted wherever it is used.
 */
export function sanitizeTableName(raw: string): string {
  let name = raw
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!name) name = 'table';
  if (/^\p{N}/u.test(name)) name = `t_${name}`;
  if (isReservedName(name)) name = `t_${name}`;
  return Array.from(name).slice(0, MAX_TABLE_NAME_LENGTH).join('').replace(/_+$/, '');
}

/** The table name a file would get: its base name (never a path), without the extension, sanitised. */
export function tableNameForFile(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  return sanitizeTableName(base.replace(/\.[A-Za-z0-9]{1,8}$/, ''));
}

/** Checks a name a caller chose (already sanitised by them, or typed by a person): refuses rather than renames. */
export function assertUsableTableName(name: string): void {
  if (!name || sanitizeTableName(name) !== name) {
    throw badInput(`'${printable(name)}' is not a usable table name: use letters, digits and _ (not starting with a digit, _ or system_), at most ${MAX_TABLE_NAME_LENGTH} characters`, { table: printable(name) });
  }
}

/** Is `name` taken, by a table (DuckDB matches names case-insensitively) or a file-source row? */
export async function isTableNameTaken(connection: DuckDBConnection, name: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND lower(table_name) = lower($1))
          + (SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND lower(view_name) = lower($1))
          + (SELECT count(*) FROM system_file_sources WHERE lower(source_id) = lower($1)) AS n`,
    [name],
  );
  return Number(reader.getRowsJS()[0]![0]) > 0;
}

/** `_YYYYMMDDHHMM` (UTC), the suffix the legacy routes gave a taken name. */
export function timestampSuffix(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `_${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}`;
}

/**
 * `base` if free, else `base_YYYYMMDDHHMM` (legacy behaviour), else `base_YYYYMMDDHHMM_2`, `_3`…
 * A free name can still be taken by a concurrent import before it lands; landTable's `ifExists`
 * then decides (callers that want the legacy suffix pass 'fail' and retry).
 */
export async function uniqueTableName(connection: DuckDBConnection, base: string, now = new Date()): Promise<string> {
  if (!(await isTableNameTaken(connection, base))) return base;
  const suffix = timestampSuffix(now);
  const stem = Array.from(base).slice(0, MAX_TABLE_NAME_LENGTH - suffix.length - 4).join('');
  for (let n = 1; ; n++) {
    const candidate = `${stem}${suffix}${n === 1 ? '' : `_${n}`}`;
    if (!(await isTableNameTaken(connection, candidate))) return candidate;
  }
}

/** For messages: control characters shown, long names cut. */
export function printable(text: string): string {
  const shown = text.replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > 120 ? `${shown.slice(0, 117)}…` : shown;
}
