import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/server/secrets/cipher';
import { fernetEncrypt, newFernetKey } from '../../helpers/fernet-encrypt';
import { LEGACY_SAMPLES_DIR, writeJson } from '../../helpers/legacy-fixtures';
import { openImportContext, type ImportContext } from '../../helpers/legacy-import-context';

const SAMPLE_KEY = fs.readFileSync(path.join(LEGACY_SAMPLES_DIR, 'config/secret.key'), 'utf8');
const OLD_MYSQL_TOKEN = (JSON.parse(fs.readFileSync(path.join(LEGACY_SAMPLES_DIR, 'config/mysql-configs.json'), 'utf8')) as { params: { password: string } }[])[0]!.params.password;

describe('legacy JSON variants', () => {
  let ctx: ImportContext;
  beforeEach(async () => {
    ctx = await openImportContext();
  });
  afterEach(() => ctx.close());

  const write = (name: string, value: unknown) => writeJson(ctx.configDir, name, value);
  const datasources = () =>
    ctx.query<{ id: string; name: string; params: string; enabled: boolean; description: string | null; password_needs_reentry: boolean; extra: string; status: string }>(
      `SELECT id, name, params::VARCHAR AS params, enabled, description, password_needs_reentry, extra::VARCHAR AS extra, status FROM system_datasources ORDER BY id`,
    );

  describe('file-datasources.json', () => {
    it('accepts an object keyed by source_id (2025-07 installs)', async () => {
      write('file-datasources.json', {
        orders: { filename: 'orders.csv', file_path: 'api/temp_files/orders.csv', file_type: 'csv', columns: ['a'], upload_time: '2025-07-01T08:00:00' },
        keyed: { source_id: 'keyed', filename: 'k.csv', file_type: 'csv', created_at: '2025-07-02T08:00:00+00:00', _note: 'kept' },
      });
      const report = await ctx.importLegacy();
      expect(report.files[0]).toMatchObject({ status: 'imported', entries: 2, inserted: 2 });
      const rows = await ctx.query(`SELECT source_id, filename, extra::VARCHAR AS extra, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created FROM system_file_sources ORDER BY 1`);
      expect(rows).toEqual([
        { source_id: 'keyed', filename: 'k.csv', extra: '{"_note":"kept"}', created: '2025-07-02T08:00:00Z' },
        { source_id: 'orders', filename: 'orders.csv', extra: '{}', created: '2025-07-01T00:00:00Z' },
      ]);
    });

    it('keeps fields of the wrong type in extra, and reports entries it cannot take', async () => {
      write('file-datasources.json', [
        { source_id: 't1', filename: 't1.csv', file_type: 'csv', row_count: 'many', column_count: null, columns: 'a,b', _auto_generated: true },
        { source_id: 't1', filename: 'again.csv', file_type: 'csv' },
        { filename: 'no-id.csv', file_type: 'csv' },
        'not an object',
        { source_id: 't2', created_at: 'last tuesday', file_type: 'csv' },
      ]);
      const report = await ctx.importLegacy();
      expect(report.files[0]).toMatchObject({
        status: 'imported',
        entries: 5,
        inserted: 2,
        skipped: [
          { entry: 't1', reason: 'duplicate source_id: entry #0 has the same one and is imported instead' },
          { entry: '#2', reason: 'missing source_id' },
          { entry: '#3', reason: 'not a JSON object (a string)' },
        ],
      });
      expect(report.files[0]!.notes).toEqual([
        't2: no filename; source_id used',
        't2: created_at "last tuesday" is not a timestamp; kept in extra, the import time used',
      ]);
      const rows = await ctx.query(`SELECT source_id, filename, row_count, columns, extra::VARCHAR AS extra, created_at IS NOT NULL AS has_created FROM system_file_sources ORDER BY 1`);
      expect(rows).toEqual([
        { source_id: 't1', filename: 't1.csv', row_count: null, columns: null, extra: '{"row_count":"many","columns":"a,b","_auto_generated":true}', has_created: true },
        { source_id: 't2', filename: 't2', row_count: null, columns: null, extra: '{"created_at":"last tuesday"}', has_created: true },
      ]);
    });

    it('fails a file whose top level is neither an array nor an object', async () => {
      write('file-datasources.json', 'just a string');
      const [file] = (await ctx.importLegacy()).files;
      expect(file).toMatchObject({ status: 'failed', error: expect.stringContaining('expected a JSON array, or an object keyed by source_id') });
    });
  });

  describe('sql-favorites.json', () => {
    it('skips items missing id, name or sql, and later duplicates; keeps any type and unknown fields', async () => {
      write('sql-favorites.json', [
        { id: 'a', name: 'First', sql: 'SELECT 1', type: 'postgresql', tags: ['x'], folder: 'reports' },
        { id: 'b', name: 'First', sql: 'SELECT 2' },
        { id: 'a', name: 'Other', sql: 'SELECT 3' },
        { name: 'No id', sql: 'SELECT 4' },
        { id: 'c', sql: 'SELECT 5' },
        { id: 'd', name: 'No sql', sql: '  ' },
        { id: 'e', name: 'Tags odd', sql: 'SELECT 6', tags: 'x,y', usage_count: -1 },
      ]);
      const [file] = (await ctx.importLegacy()).files;
      expect(file).toMatchObject({
        status: 'imported',
        entries: 7,
        inserted: 2,
        skipped: [
          { entry: 'b', reason: 'duplicate name: entry #0 has the same one and is imported instead' },
          { entry: 'a', reason: 'duplicate id: entry #0 has the same one and is imported instead' },
          { entry: 'No id', reason: 'missing id' },
          { entry: 'c', reason: 'missing name' },
          { entry: 'd', reason: 'missing sql' },
        ],
      });
      const rows = await ctx.query(`SELECT id, type, tags, usage_count, description, extra::VARCHAR AS extra FROM system_sql_favorites ORDER BY id`);
      expect(rows).toEqual([
        { id: 'a', type: 'postgresql', tags: ['x'], usage_count: 0n, description: '', extra: '{"folder":"reports"}' },
        { id: 'e', type: 'duckdb', tags: [], usage_count: 0n, description: '', extra: '{"tags":"x,y","usage_count":-1}' },
      ]);
    });

    it('skips a favorite whose name another favorite already holds in DuckDB', async () => {
      await ctx.database.transaction((c) =>
        c.run(`INSERT INTO system_sql_favorites (id, name, sql, created_at, updated_at) VALUES ('mine', 'Taken', 'SELECT 1', now(), now())`),
      );
      write('sql-favorites.json', [{ id: 'legacy', name: 'Taken', sql: 'SELECT 2' }]);
      const [file] = (await ctx.importLegacy()).files;
      expect(file).toMatchObject({ status: 'imported', inserted: 0, skipped: [{ entry: 'legacy', reason: "name is already used by favorite 'mine' in DuckDB" }] });
    });
  });

  describe('datasources.json and mysql-configs.json', () => {
    it('accepts a bare list with hand-written top-level fields, keeping user and username as given', async () => {
      write('datasources.json', [
        { id: 'h1', name: 'Hand', type: 'mysql', host: 'h', port: 3306, user: 'u', password: 'p1', database: 'd', comment: 'extra field' },
        { id: 'h2', type: 'postgresql', params: { host: 'h', username: 'u2', password: 'p2' }, password: 'top-level-other' },
      ]);
      const [file] = (await ctx.importLegacy()).files;
      expect(file).toMatchObject({ status: 'imported', entries: 2, inserted: 2, needsPassword: [] });
      expect(file!.notes).toEqual(['h2: no name; id used', 'h2: top-level password dropped: params has one']);
      const [h1, h2] = await datasources();
      const p1 = JSON.parse(h1!.params);
      expect(p1).toMatchObject({ host: 'h', port: 3306, user: 'u', database: 'd' });
      expect(p1).not.toHaveProperty('username');
      expect(decryptSecret(p1.password, ctx.keyring)).toBe('p1');
      expect(JSON.parse(h1!.extra)).toEqual({ comment: 'extra field' });
      const p2 = JSON.parse(h2!.params);
      expect(p2).toMatchObject({ username: 'u2' });
      expect(decryptSecret(p2.password, ctx.keyring)).toBe('p2');
      expect(h2).toMatchObject({ name: 'h2', extra: '{}', status: 'inactive' });
    });

    it('accepts a bare [] and then imports mysql-configs.json, with enabled and description as columns', async () => {
      write('datasources.json', []);
      fs.writeFileSync(path.join(ctx.configDir, 'secret.key'), SAMPLE_KEY);
      write('mysql-configs.json', [
        { id: 'old_mysql', name: 'Old MySQL', params: { host: '10.0.0.5', user: 'ro', password: OLD_MYSQL_TOKEN }, enabled: false, description: 'oldest list' },
      ]);
      const report = await ctx.importLegacy();
      expect(report.files.map((f) => [f.file, f.status, f.inserted])).toEqual([
        ['datasources.json', 'imported', 0],
        ['mysql-configs.json', 'imported', 1],
      ]);
      const [row] = await datasources();
      expect(row).toMatchObject({ id: 'old_mysql', enabled: false, description: 'oldest list', password_needs_reentry: false });
      expect(JSON.parse(row!.params)).toMatchObject({ host: '10.0.0.5', user: 'ro' });
      expect(decryptSecret(JSON.parse(row!.params).password, ctx.keyring)).toBe('old-pass');
      expect(JSON.parse(row!.extra)).toEqual({});
    });

    it('still skips mysql-configs.json after datasources.json (with connections) was imported and backed up', async () => {
      write('datasources.json', { database_sources: [{ id: 'x', type: 'sqlite', params: { database: 'a.db' } }], file_sources: [] });
      await ctx.importLegacy();
      write('mysql-configs.json', [{ id: 'old', name: 'Old', params: {} }]);
      const [file] = (await ctx.importLegacy()).files;
      expect(file).toMatchObject({ file: 'mysql-configs.json', status: 'skipped' });
      fs.rmSync(path.join(ctx.configDir, 'datasources.json.bak'));
      const [again] = (await ctx.importLegacy()).files;
      expect(again).toMatchObject({ status: 'skipped', reason: expect.stringContaining('an earlier import of datasources.json') });
    });

    it('never stores a password it cannot recover: wrong-key token, the mask, or no key file', async () => {
      fs.writeFileSync(path.join(ctx.configDir, 'secret.key'), SAMPLE_KEY);
      const foreignToken = fernetEncrypt('foreign-secret', newFernetKey());
      write('datasources.json', {
        database_sources: [
          { id: 'wrong_key', name: 'W', type: 'mysql', params: { host: 'h', user: 'u', password: foreignToken } },
          { id: 'masked', name: 'M', type: 'mysql', params: { host: 'h', user: 'u', password: '********' } },
          { id: 'good', name: 'G', type: 'mysql', params: { host: 'h', user: 'u', password: fernetEncrypt('good-secret', SAMPLE_KEY) } },
          { id: 'no_password', name: 'N', type: 'sqlite', params: { database: 'x.db', password: null } },
        ],
      });
      const [file] = (await ctx.importLegacy()).files;
      expect(file).toMatchObject({ status: 'imported', inserted: 4, needsPassword: ['wrong_key', 'masked'] });
      const rows = Object.fromEntries((await datasources()).map((row) => [row.id, row]));
      expect(rows.wrong_key).toMatchObject({ password_needs_reentry: true });
      expect(JSON.parse(rows.wrong_key!.params)).toEqual({ host: 'h', user: 'u' });
      expect(JSON.parse(rows.masked!.params)).toEqual({ host: 'h', user: 'u' });
      expect(rows.masked!.password_needs_reentry).toBe(true);
      expect(decryptSecret(JSON.parse(rows.good!.params).password, ctx.keyring)).toBe('good-secret');
      expect(rows.good!.password_needs_reentry).toBe(false);
      expect(JSON.parse(rows.no_password!.params)).toEqual({ database: 'x.db', password: null });
      expect(JSON.stringify(await ctx.query(`SELECT * FROM system_datasources`), (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(foreignToken);
    });

    it('flags every token when there is no secret.key', async () => {
      write('datasources.json', { database_sources: [{ id: 'm', name: 'M', type: 'mysql', params: { password: OLD_MYSQL_TOKEN } }] });
      const [file] = (await ctx.importLegacy()).files;
      expect(file).toMatchObject({ needsPassword: ['m'], notes: [expect.stringContaining('no usable legacy key')] });
      expect(JSON.parse((await datasources())[0]!.params)).toEqual({});
    });
  });
});
