import type { Database } from '@/server/db/database';

/** A query DuckDB needs minutes for (a count over 10^12 rows), to cancel mid-run. */
export const LONG_QUERY = 'SELECT count(*) AS n FROM range(1000000000000)';

export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads DuckDB directly, apart from the code under test. */
export async function rows(database: Database, sql: string, params: (string | number)[] = []): Promise<Record<string, unknown>[]> {
  return database.read(async (connection) => (await connection.runAndReadAll(sql, params)).getRowObjectsJS());
}

/** Main-schema tables named like `pattern` (SQL LIKE, `\` escapes `_` and `%`), staging tables included. */
export async function tablesLike(database: Database, pattern: string): Promise<string[]> {
  const found = await rows(database, `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND table_name LIKE $1 ESCAPE '\\' ORDER BY 1`, [pattern]);
  return found.map((r) => String(r.table_name));
}

export async function fileSourceRow(database: Database, sourceId: string): Promise<Record<string, unknown> | null> {
  return (await rows(database, `SELECT * FROM system_file_sources WHERE source_id = $1`, [sourceId]))[0] ?? null;
}

export async function taskRow(database: Database, taskId: string): Promise<Record<string, unknown> | null> {
  return (await rows(database, `SELECT * FROM system_async_tasks WHERE task_id = $1`, [taskId]))[0] ?? null;
}

export async function countTaskRows(database: Database): Promise<number> {
  return Number((await rows(database, `SELECT count(*) AS n FROM system_async_tasks`))[0]!.n);
}
