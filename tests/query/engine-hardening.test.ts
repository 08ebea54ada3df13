import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@/server/config';
import { Database } from '@/server/db/database';
import { engineSettingsFor } from '@/server/db/engine-settings';
import { engineProblems, runSelfCheck } from '@/server/db/self-check';
import { startup } from '@/server/startup';
import { makeTempDirs, testConfig } from '../helpers/test-database';
import { openTestApp } from '../helpers/test-app';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function open(env: Record<string, string> = {}) {
  const t = await openTestApp(env);
  cleanups.push(t.close);
  return t;
}

async function settings(database: Database, names: string[]) {
  return database.read(async (connection) => {
    const reader = await connection.runAndReadAll(`SELECT name, value FROM duckdb_settings() ORDER BY name`);
    return Object.fromEntries(reader.getRowsJS().filter(([n]) => names.includes(String(n))).map(([n, v]) => [String(n), String(v)]));
  });
}

describe('engine hardening at start-up', () => {
  it('starts with external access off, only the upload and export folders allowed, extensions off, configuration locked', async () => {
    const t = await open();
    const actual = await settings(t.database, [
      'enable_external_access',
      'allowed_directories',
      'autoinstall_known_extensions',
      'autoload_known_extensions',
      'allow_community_extensions',
      'lock_configuration',
      'TimeZone',
    ]);
    expect(actual).toMatchObject({
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      lock_configuration: 'true',
      TimeZone: 'UTC',
    });
    expect(actual.allowed_directories).toContain(`${fs.realpathSync(t.config.uploadsDir)}/`);
    expect(actual.allowed_directories).toContain(`${fs.realpathSync(t.config.exportsDir)}/`);
    expect(actual.allowed_directories).not.toContain(`${fs.realpathSync(t.config.dataDir)}/,`);
    expect(fs.statSync(t.config.uploadsDir).isDirectory()).toBe(true);
    expect((await runSelfCheck(t.database)).problems).toEqual([]);
  });

  it('applies and verifies memory and temp-space limits (a size, or a share of RAM)', async () => {
    const dirs = makeTempDirs();
    cleanups.push(dirs.cleanup);
    const tempDir = path.join(dirs.root, 'spill');
    const t = await open({ DUCKQUERY_MEMORY_LIMIT: '512MiB', DUCKQUERY_MAX_TEMP_SIZE: '2GiB', DUCKQUERY_TEMP_DIR: tempDir });
    expect(await settings(t.database, ['memory_limit', 'max_temp_directory_size', 'temp_directory'])).toEqual({
      memory_limit: '512.0 MiB',
      max_temp_directory_size: '2.0 GiB',
      temp_directory: tempDir,
    });
    const share = await open({ DUCKQUERY_MEMORY_LIMIT: '25%' });
    expect(share.database.engine?.memoryLimit).toMatch(/^\d+MiB$/);
    expect((await runSelfCheck(share.database)).ok).toBe(true);
  });

  it('the self-check names every setting that did not take effect', async () => {
    const dirs = makeTempDirs();
    cleanups.push(dirs.cleanup);
    const config = testConfig(dirs, { DUCKQUERY_MEMORY_LIMIT: '1GB' });
    const plain = await Database.open(path.join(dirs.dataDir, 'plain.duckdb'));
    cleanups.push(() => plain.close());
    const problems = await plain.read((connection) => engineProblems(connection, engineSettingsFor(config), plain.path));
    expect(problems.join('\n')).toMatch(/enable_external_access is true/);
    expect(problems.join('\n')).toMatch(/lock_configuration is false/);
    expect(problems.join('\n')).toMatch(/allowed_directories lacks/);
    expect(problems.join('\n')).toMatch(/memory_limit/);
    expect(problems.join('\n')).toMatch(/external file access is not blocked/);
    expect(problems.join('\n')).toMatch(/not locked/);
  });

  it('refuses to start when a server mount would expose the database or the key', async () => {
    const dirs = makeTempDirs();
    cleanups.push(dirs.cleanup);
    for (const mount of [dirs.root, dirs.dataDir, '/']) {
      const config = testConfig(dirs, { DUCKQUERY_SERVER_MOUNTS: JSON.stringify([{ label: 'too wide', path: mount }]) });
      await expect(startup(config)).rejects.toThrow(/server mount 'too wide'.*contains the (database file|secret key file|data folder)/);
    }
    expect(() => testConfig(dirs, { DUCKQUERY_SERVER_MOUNTS: 'not json' })).toThrow(ConfigError);
    expect(() => testConfig(dirs, { DUCKQUERY_SERVER_MOUNTS: '[{"label": "x", "path": "relative"}]' })).toThrow(ConfigError);
    expect(() => testConfig(dirs, { DUCKQUERY_MAX_QUERY_ROWS: '0' })).toThrow(ConfigError);
    expect(() => testConfig(dirs, { DUCKQUERY_QUERY_TIMEOUT_MS: 'soon' })).toThrow(ConfigError);
  });

  it('lets SQL read a server mount, never write it; takes mounts and max_query_rows from the legacy app-config.json', async () => {
    const dirs = makeTempDirs();
    cleanups.push(dirs.cleanup);
    const mount = path.join(dirs.root, 'shared-data');
    fs.mkdirSync(mount);
    fs.writeFileSync(path.join(mount, 'cities.csv'), 'city,pop\nOslo,700000\n');
    fs.writeFileSync(path.join(dirs.configDir, 'app-config.json'), JSON.stringify({ max_query_rows: 123, server_data_mounts: [{ label: 'Shared', path: mount }] }));
    const config = loadConfig({ DUCKQUERY_DATA_DIR: dirs.dataDir, DUCKQUERY_CONFIG_DIR: dirs.configDir } as never);
    expect(config.serverMounts).toEqual([{ label: 'Shared', path: mount }]);
    expect(config.query.maxQueryRows).toBe(123);

    const t = await open({ DUCKQUERY_SERVER_MOUNTS: JSON.stringify([{ label: 'Shared', path: mount }]) });
    expect((await t.caller.query.run({ sql: `SELECT * FROM read_csv('${mount}/cities.csv')` })).rows).toEqual([['Oslo', 700000]]);
    await expect(t.caller.query.run({ sql: `COPY (SELECT 1) TO '${mount}/planted.csv'` })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(fs.existsSync(path.join(mount, 'planted.csv'))).toBe(false);
  });

  it('keeps DuckQuery itself working: migrations, its CHECKPOINT, its own writes', async () => {
    const t = await open();
    expect((await runSelfCheck(t.database)).ok).toBe(true);
    await t.database.read((connection) => connection.run('CHECKPOINT'));
    const favorite = await t.caller.favorites.create({ name: 'still works', sql: 'SELECT 1', type: 'duckdb' });
    expect((await t.caller.favorites.use({ id: favorite.id })).usage_count).toBe(1);
  });
});
