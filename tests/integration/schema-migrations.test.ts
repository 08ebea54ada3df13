import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '@/server/db/database';
import { MigrationIntegrityError, migrationStatus, runSchemaMigrations } from '@/server/db/schema-migrations';
import { queryRows } from '@/server/db/rows';
import { makeTempDirs } from '../helpers/test-database';

const REAL_MIGRATIONS = path.resolve(__dirname, '../../migrations');

describe('schema migrations', () => {
  let dirs: ReturnType<typeof makeTempDirs>;
  let migrationsDir: string;
  let database: Database;

  beforeEach(async () => {
    dirs = makeTempDirs();
    migrationsDir = path.join(dirs.root, 'migrations');
    fs.cpSync(REAL_MIGRATIONS, migrationsDir, { recursive: true });
    database = await Database.open(path.join(dirs.dataDir, 'db.duckdb'));
  });
  afterEach(() => {
    database.close();
    dirs.cleanup();
  });

  const tables = () =>
    database.read(async (c) => (await queryRows(c, 'SELECT table_name FROM duckdb_tables() ORDER BY 1')).map((r) => r.table_name));
  const write = (name: string, sql: string) => fs.writeFileSync(path.join(migrationsDir, name), sql);

  it('applies every file once, in name order, and records name, checksum and time', async () => {
    const first = await runSchemaMigrations(database, migrationsDir);
    expect(first.every((r) => r.status === 'applied')).toBe(true);
    const second = await runSchemaMigrations(database, migrationsDir);
    expect(second.every((r) => r.status === 'already-applied')).toBe(true);
    const ledger = await database.read((c) => queryRows(c, 'SELECT name, checksum, applied_at FROM system_schema_migrations'));
    expect(ledger.map((r) => r.name)).toEqual(first.map((r) => r.name));
    expect(ledger[0]!.applied_at).toBeInstanceOf(Date);
  });

  it('refuses to run when an applied file was edited, and names it', async () => {
    await runSchemaMigrations(database, migrationsDir);
    fs.appendFileSync(path.join(migrationsDir, '0001_system_tables.sql'), '\n-- sneaky edit\n');
    const error = await runSchemaMigrations(database, migrationsDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationIntegrityError);
    expect((error as Error).message).toContain('0001_system_tables.sql was edited after it was applied');
    expect((await migrationStatus(database, migrationsDir)).migrations[0]!.edited).toBe(true);
  });

  it('refuses to run when an applied file was removed', async () => {
    write('9990_extra.sql', 'CREATE TABLE system_extra (x INTEGER);');
    await runSchemaMigrations(database, migrationsDir);
    fs.rmSync(path.join(migrationsDir, '9990_extra.sql'));
    await expect(runSchemaMigrations(database, migrationsDir)).rejects.toThrow('9990_extra.sql was applied but its file is missing');
  });

  it('refuses a new file that sorts before an applied one instead of silently skipping it', async () => {
    write('9995_later.sql', 'CREATE TABLE system_later (x INTEGER);');
    await runSchemaMigrations(database, migrationsDir);
    write('9993_late.sql', 'CREATE TABLE system_late (x INTEGER);');
    await expect(runSchemaMigrations(database, migrationsDir)).rejects.toThrow('9993_late.sql is new but sorts before the applied 9995_later.sql');
    expect(await tables()).not.toContain('system_late');
  });

  it('rolls a failing migration back whole and does not run the ones after it', async () => {
    write('9990_half.sql', 'CREATE TABLE system_half (x INTEGER);\nCREATE TABLE broken (;');
    write('9991_after.sql', 'CREATE TABLE system_after (x INTEGER);');
    const results = await runSchemaMigrations(database, migrationsDir);
    expect(results.slice(-2).map((r) => [r.name, r.status])).toEqual([
      ['9990_half.sql', 'failed'],
      ['9991_after.sql', 'not-run'],
    ]);
    expect(results.slice(0, -2).every((r) => r.status === 'applied')).toBe(true);
    expect(results.at(-2)!.error).toMatch(/syntax error/i);
    const present = await tables();
    expect(present).not.toContain('system_half');
    expect(present).not.toContain('system_after');

    write('9990_half.sql', 'CREATE TABLE system_half (x INTEGER);'); // fixed before it was ever applied
    const retry = await runSchemaMigrations(database, migrationsDir);
    expect(retry.slice(-2).map((r) => r.status)).toEqual(['applied', 'applied']);
  });
});
