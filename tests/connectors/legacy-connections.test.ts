import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLegacyImport } from '@/server/legacy-import/run-legacy-import';
import { copySampleConfig } from '../helpers/legacy-fixtures';
import { openTestApp } from '../helpers/test-app';
import { MYSQL, mysqlAdmin, PG, pgAdmin, setUpOrFailEach } from './servers';

/**
 * The sample legacy datasources.json (shared/legacy/samples) imported, then used against the CI
 * servers: scripts/ci/start-db-servers.sh creates the samples' users (report on MariaDB `shop`,
 * analyst on PostgreSQL `analytics`) with the samples' passwords.
 */
let t: Awaited<ReturnType<typeof openTestApp>>;

setUpOrFailEach(async () => {
  await (await mysqlAdmin()).end();
  await (await pgAdmin()).end();
  t = await openTestApp();
  copySampleConfig(t.configDir);
  const report = await runLegacyImport(t.database, { configDir: t.configDir, legacyTimeZone: 'Asia/Shanghai', keyring: t.keyring, actor: 'test' });
  expect(report.files.find((f) => f.file === 'datasources.json')).toMatchObject({ status: 'imported' });
});
afterAll(() => t?.close());

describe('legacy datasources.json connections', () => {
  it('the Fernet-encrypted MySQL password was decrypted and works once host and port point at the test server', async () => {
    const before = await t.caller.datasources.get({ id: 'mysql_prod' });
    expect(before.params.password).toBe('********');
    await t.caller.datasources.update({ id: 'mysql_prod', patch: { params: { ...before.params, host: MYSQL.host, port: MYSQL.port } } });
    const { result, connection } = await t.caller.datasources.test({ id: 'mysql_prod' });
    expect(result.message).toMatch(/^Connected/);
    expect(connection.status).toBe('active');
    expect((await t.caller.datasources.tables({ id: 'mysql_prod' })).every((x) => x.schema === 'shop')).toBe(true);
  });

  it('the plain-text PostgreSQL password (legacy `username`) works against the test server', async () => {
    const before = await t.caller.datasources.get({ id: 'pg_analytics' });
    expect(before.params).toMatchObject({ username: 'analyst', password: '********' });
    await t.caller.datasources.update({ id: 'pg_analytics', patch: { params: { ...before.params, host: PG.host, port: PG.port } } });
    const { result } = await t.caller.datasources.test({ id: 'pg_analytics' });
    expect(result).toMatchObject({ success: true, database_info: { type: 'postgresql' } });
    const answer = await t.caller.datasources.query({ id: 'pg_analytics', sql: 'SELECT current_user AS who, current_database() AS db' });
    expect(answer.rows).toEqual([['analyst', 'analytics']]);
  });

  it('the hand-written connection (top-level fields) was folded into params; its host does not resolve, said plainly', async () => {
    const { result, connection } = await t.caller.datasources.test({ id: 'handwritten_pg' });
    expect(result.success).toBe(false);
    expect(result.message).toMatch(/db\.internal/);
    expect(connection.status).toBe('error');
  });

  it('the legacy relative SQLite path is refused until the file is in an allowed folder', async () => {
    const { result } = await t.caller.datasources.test({ id: 'local_sqlite' });
    expect(result.message).toMatch(/does not exist|outside the folders/);
    fs.mkdirSync(t.config.uploadsDir, { recursive: true });
    const moved = path.join(t.config.uploadsDir, 'local.sqlite');
    const Database = (await import('better-sqlite3')).default;
    new Database(moved).exec('CREATE TABLE t (x INTEGER)');
    await t.caller.datasources.update({ id: 'local_sqlite', patch: { params: { database: moved } } });
    expect((await t.caller.datasources.test({ id: 'local_sqlite' })).result.success).toBe(true);
  });
});
