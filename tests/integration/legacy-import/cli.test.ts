import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '@/server/db/database';
import { copySampleConfig, writeJson } from '../../helpers/legacy-fixtures';
import { runMigrate } from '../../helpers/run-migrate-cli';
import { makeTempDirs } from '../../helpers/test-database';

describe('npm run migrate', () => {
  let dirs: ReturnType<typeof makeTempDirs>;
  beforeEach(() => {
    dirs = makeTempDirs('duckquery-cli-');
  });
  afterEach(() => dirs.cleanup());

  it('migrates, imports and prints a summary for people', async () => {
    copySampleConfig(dirs.configDir);
    const result = await runMigrate(dirs);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Legacy import from ${dirs.configDir}`);
    expect(result.stdout).toContain('file-datasources.json: imported');
    expect(result.stdout).toContain('8 entries: 8 inserted, 0 updated, 0 unchanged, 0 skipped');
    expect(result.stdout).toContain('mysql-configs.json: skipped');
    expect(fs.existsSync(path.join(dirs.configDir, 'sql-favorites.json.bak'))).toBe(true);
  });

  it('prints the report as JSON with --json, and honours --dry-run and --config-dir', async () => {
    const other = path.join(dirs.root, 'elsewhere');
    fs.mkdirSync(other);
    writeJson(other, 'sql-favorites.json', [{ id: '1', name: 'a', sql: 'SELECT 1' }]);
    const result = await runMigrate(dirs, ['--json', '--dry-run', '--config-dir', other]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ configDir: other, dryRun: true, files: [{ file: 'sql-favorites.json', status: 'dry-run', inserted: 1 }] });
    expect(fs.existsSync(path.join(other, 'sql-favorites.json'))).toBe(true);
  });

  it('exits 1 when a file failed', async () => {
    fs.writeFileSync(path.join(dirs.configDir, 'sql-favorites.json'), '[{"id": 1,]');
    const result = await runMigrate(dirs);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('sql-favorites.json: failed');
    expect(result.stdout).toContain('is not valid JSON: expected a property name in double quotes at line 1, column 11');
  });

  it('exits 2 with a clear message and no stack trace when the server holds the database', async () => {
    const database = await Database.open(path.join(dirs.dataDir, 'duckquery.duckdb'));
    try {
      const result = await runMigrate(dirs);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is in use by another process (is the DuckQuery server running?)');
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stdout).toBe('');
    } finally {
      database.close();
    }
  });

  it('exits 2 on an unknown option', async () => {
    const result = await runMigrate(dirs, ['--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: npm run migrate');
  });
});
