import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/test-database';

describe('start-up', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  afterEach(() => ctx?.close());

  it('creates the database file, every system table, and a 0600 secret key', async () => {
    ctx = await openTestDatabase();
    expect(fs.existsSync(ctx.config.dbPath)).toBe(true);
    const mode = fs.statSync(ctx.config.secretKeyPath).mode & 0o777;
    expect(mode).toBe(0o600);
    const tables = await ctx.database.read(async (c) =>
      (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() ORDER BY 1`)).getRowObjectsJS().map((r) => r.table_name),
    );
    expect(tables).toEqual(
      expect.arrayContaining(['system_audit_log', 'system_datasources', 'system_file_sources', 'system_legacy_imports', 'system_schema_migrations', 'system_sql_favorites']),
    );
  });
});
