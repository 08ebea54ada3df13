import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Page } from '../shared/list';
import { bandPage } from './band-page';
import { queryOne, queryRows, toNumber } from './rows';

/** One filter of a list: a SQL condition with named parameters, used only when its value is set. */
export interface ListFilter {
  sql: string;
  params: Record<string, DuckDBValue>;
}

export interface ListQuery {
  /** A table name the caller controls (never user input). */
  from: string;
  columns: string;
  /** Falsy entries (an unset filter: `input.type && {…}`) are skipped. */
  filters: (ListFilter | null | undefined | false | '')[];
  /** ORDER BY expression built from an allow-listed column and direction. */
  orderBy: string;
  /**
   * The first ORDER BY column and its direction, when that column is NOT NULL: large lists then
   * find their page without a full sort (band-page.ts).
   */
  sortKey?: { column: string; direction: 'asc' | 'desc' };
  limit: number;
  offset: number;
}

/** A filtered, sorted page of rows plus the total matching count: what every list procedure returns. */
export async function listPage<T>(
  connection: DuckDBConnection,
  query: ListQuery,
  toItem: (row: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const active = query.filters.filter((f): f is ListFilter => Boolean(f));
  const where = active.length ? `WHERE ${active.map((f) => `(${f.sql})`).join(' AND ')}` : '';
  const params = Object.assign({}, ...active.map((f) => f.params)) as Record<string, DuckDBValue>;
  const total = toNumber((await queryOne(connection, `SELECT count(*) AS n FROM ${query.from} ${where}`, params))?.n) ?? 0;
  const banded = query.sortKey ? await bandPage(connection, { ...query, key: query.sortKey, where, params, total }) : null;
  if (banded) return { items: banded.map(toItem), total, limit: query.limit, offset: query.offset };
  // Two phases: sort only the narrow keys to find the page's rows, then read the wide rows
  // (JSON columns) of that page alone. Sorting 100 000 full rows to keep 50 costs ~3x more.
  const rows = await queryRows(
    connection,
    `WITH page AS (SELECT rowid AS page_rowid FROM ${query.from} ${where} ORDER BY ${query.orderBy} LIMIT $limit OFFSET $offset)
     SELECT ${query.columns} FROM ${query.from} WHERE rowid IN (SELECT page_rowid FROM page) ORDER BY ${query.orderBy}`,
    { ...params, limit: query.limit, offset: query.offset },
  );
  return { items: rows.map(toItem), total, limit: query.limit, offset: query.offset };
}

/** ORDER BY for an allow-listed sort column, with a unique tie-breaker so pages never overlap. */
export function orderBy(column: string, direction: 'asc' | 'desc', tieBreaker: string): string {
  return `${column} ${direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, ${tieBreaker}`;
}
