import type { DuckDBValue } from '@duckdb/node-api';
import type { SqlRunner } from './statement-cache';

/** Runs a query with bound parameters and returns its rows as plain JS objects. */
export async function queryRows<T = Record<string, unknown>>(
  connection: SqlRunner,
  sql: string,
  params: DuckDBValue[] | Record<string, DuckDBValue> = [],
): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS() as T[];
}

export async function queryOne<T = Record<string, unknown>>(
  connection: SqlRunner,
  sql: string,
  params: DuckDBValue[] | Record<string, DuckDBValue> = [],
): Promise<T | null> {
  return (await queryRows<T>(connection, sql, params))[0] ?? null;
}

/** BIGINT arrives as bigint; metadata counts fit in a double. */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'bigint' ? Number(value) : Number(value);
}

/** JSON columns arrive as text. */
export function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
}

/** ILIKE pattern matching `text` literally (escapes % _ and the escape char). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
