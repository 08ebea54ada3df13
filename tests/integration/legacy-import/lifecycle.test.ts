import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJson } from '../../helpers/legacy-fixtures';
import { openImportContext, type ImportContext } from '../../helpers/legacy-import-context';

const favorites = [
  { id: 'f1', name: 'One', sql: 'SELECT 1', created_at: '2025-10-11T12:00:00Z' },
  { id: 'f2', name: 'Two', sql: 'SELECT 2', created_at: '2025-10-11T12:00:00Z' },
  { id: 'f3', name: 'Three', sql: 'SELECT 3', created_at: '2025-10-11T12:00:00Z' },
];

describe('legacy import lifecycle', () => {
  let ctx: ImportContext;
  beforeEach(async () => {
    ctx = await openImportContext();
  });
  afterEach(() => ctx.close());

  const file = (name: string) => path.join(ctx.configDir, name);
  const ledger = () => ctx.query(`SELECT file_name, file_path, sha256, status, forced, inserted_count, updated_count, skipped_count, error, backup_path FROM system_legacy_imports ORDER BY id`);
  const listDir = () => fs.readdirSync(ctx.configDir).sort();

  describe('a corrupt file', () => {
    it('fails with file, line:column and reason, stays untouched, and does not stop the others', async () => {
      const corrupt = '[\n  {"id": "f1", "name": "One", "sql": "SELECT 1"},\n  {"id": "f2" "name": "Two"}\n]\n';
      fs.writeFileSync(file('sql-favorites.json'), corrupt);
      writeJson(ctx.configDir, 'file-datasources.json', [{ source_id: 't', filename: 't.csv', file_type: 'csv' }]);

      const report = await ctx.importLegacy();
      const failed = report.files.find((f) => f.file === 'sql-favorites.json')!;
      expect(failed).toMatchObject({ status: 'failed', errorPosition: { line: 3, column: 15, offset: 66 }, inserted: 0 });
      expect(failed.error).toBe("sql-favorites.json is not valid JSON: expected ',' or '}' after a property value at line 3, column 15 (3:15, character 66)");
      expect(fs.readFileSync(file('sql-favorites.json'), 'utf8')).toBe(corrupt);
      expect(report.files.find((f) => f.file === 'file-datasources.json')).toMatchObject({ status: 'imported', inserted: 1 });
      expect(await ctx.query(`SELECT * FROM system_sql_favorites`)).toEqual([]);

      const rows = await ledger();
      expect(rows).toContainEqual(expect.objectContaining({ file_name: 'sql-favorites.json', status: 'failed', error: failed.error, backup_path: null }));
      const audit = await ctx.query(`SELECT target_id, outcome FROM system_audit_log WHERE action = 'legacy_import.file' ORDER BY id`);
      expect(audit).toEqual([
        { target_id: 'file-datasources.json', outcome: 'ok' },
        { target_id: 'sql-favorites.json', outcome: 'error' },
      ]);
    });

    it('reports an unreadable file without throwing', async () => {
      fs.mkdirSync(file('sql-favorites.json'));
      const [failed] = (await ctx.importLegacy()).files;
      expect(failed).toMatchObject({ status: 'failed', error: 'sql-favorites.json could not be read (EISDIR)' });
    });
  });

  describe('dry run', () => {
    it('reports what would happen and touches nothing', async () => {
      writeJson(ctx.configDir, 'sql-favorites.json', [...favorites, { id: 'bad' }]);
      const before = listDir();
      const report = await ctx.importLegacy({ dryRun: true });
      expect(report.files[0]).toMatchObject({ status: 'dry-run', entries: 4, inserted: 3, skipped: [{ entry: 'bad', reason: 'missing name, sql' }], backupPath: null });
      expect(listDir()).toEqual(before);
      expect(await ctx.query(`SELECT * FROM system_sql_favorites`)).toEqual([]);
      expect(await ledger()).toEqual([]);
      expect(await ctx.query(`SELECT * FROM system_audit_log`)).toEqual([]);
      // not even the ledger's or the audit log's sequences advanced
      await ctx.importLegacy();
      expect(await ctx.query(`SELECT (SELECT min(id) FROM system_legacy_imports)::INTEGER AS ledger, (SELECT min(id) FROM system_audit_log)::INTEGER AS audit`)).toEqual([{ ledger: 1, audit: 1 }]);
    });

    it('predicts updates and refusals against the rows already there', async () => {
      writeJson(ctx.configDir, 'sql-favorites.json', favorites);
      await ctx.importLegacy();
      await ctx.database.transaction((c) => c.run(`UPDATE system_sql_favorites SET sql = 'SELECT 42', import_checksum = NULL WHERE id = 'f1'`));
      writeJson(ctx.configDir, 'sql-favorites.json', [favorites[0], { ...favorites[1], sql: 'SELECT 22' }, favorites[2]]);
      const [planned] = (await ctx.importLegacy({ dryRun: true })).files;
      expect(planned).toMatchObject({ status: 'dry-run', inserted: 0, updated: 1, unchanged: 1, skipped: [{ entry: 'f1', reason: 'changed in DuckDB since import' }] });
      expect(await ctx.query(`SELECT sql FROM system_sql_favorites ORDER BY id`)).toEqual([{ sql: 'SELECT 42' }, { sql: 'SELECT 2' }, { sql: 'SELECT 3' }]);
      expect(fs.existsSync(file('sql-favorites.json'))).toBe(true);
    });
  });

  describe('force', () => {
    it('re-runs from the backup idempotently, without renaming it again', async () => {
      writeJson(ctx.configDir, 'sql-favorites.json', favorites);
      const first = (await ctx.importLegacy()).files[0]!;
      expect(first).toMatchObject({ status: 'imported', inserted: 3, backupPath: file('sql-favorites.json.bak') });
      const rowsBefore = await ctx.query(`SELECT * FROM system_sql_favorites ORDER BY id`);
      const dirBefore = listDir();

      for (let run = 0; run < 2; run++) {
        const [forced] = (await ctx.importLegacy({ force: true })).files;
        expect(forced).toMatchObject({ status: 'imported', path: file('sql-favorites.json.bak'), inserted: 0, updated: 0, unchanged: 3, skipped: [], backupPath: null });
      }
      expect(listDir()).toEqual(dirBefore);
      expect(await ctx.query(`SELECT * FROM system_sql_favorites ORDER BY id`)).toEqual(rowsBefore);
      expect((await ledger()).map((row) => [row.status, row.forced, row.file_path])).toEqual([
        ['imported', false, file('sql-favorites.json')],
        ['imported', true, file('sql-favorites.json.bak')],
        ['imported', true, file('sql-favorites.json.bak')],
      ]);
    });

    it('never overwrites a row changed in DuckDB since the import, nor one that was never imported', async () => {
      writeJson(ctx.configDir, 'sql-favorites.json', favorites);
      await ctx.importLegacy();
      // The app changed f1 (and cleared its checksum); someone created f9 in the app.
      await ctx.database.transaction(async (c) => {
        await c.run(`UPDATE system_sql_favorites SET sql = 'SELECT 42', import_checksum = NULL WHERE id = 'f1'`);
        await c.run(`INSERT INTO system_sql_favorites (id, name, sql, created_at, updated_at) VALUES ('f9', 'Nine', 'SELECT 9', now(), now())`);
      });
      // The legacy file (its backup) now differs for f1, f2 and has f9 and a new f4.
      fs.rmSync(file('sql-favorites.json.bak'));
      writeJson(ctx.configDir, 'sql-favorites.json.bak', [
        { ...favorites[0], sql: 'SELECT 111' },
        { ...favorites[1], sql: 'SELECT 222' },
        favorites[2],
        { id: 'f9', name: 'Nine legacy', sql: 'SELECT 999' },
        { id: 'f4', name: 'Four', sql: 'SELECT 4' },
      ]);
      const [forced] = (await ctx.importLegacy({ force: true })).files;
      expect(forced).toMatchObject({
        status: 'imported',
        inserted: 1,
        updated: 1,
        unchanged: 1,
        skipped: [
          { entry: 'f1', reason: 'changed in DuckDB since import' },
          { entry: 'f9', reason: 'already exists in DuckDB' },
        ],
      });
      expect(await ctx.query(`SELECT id, sql, import_checksum IS NOT NULL AS tracked FROM system_sql_favorites ORDER BY id`)).toEqual([
        { id: 'f1', sql: 'SELECT 42', tracked: false },
        { id: 'f2', sql: 'SELECT 222', tracked: true },
        { id: 'f3', sql: 'SELECT 3', tracked: true },
        { id: 'f4', sql: 'SELECT 4', tracked: true },
        { id: 'f9', sql: 'SELECT 9', tracked: false },
      ]);
    });

    it('reads the newest backup when the original is gone', async () => {
      writeJson(ctx.configDir, 'sql-favorites.json.bak', [favorites[0]]);
      writeJson(ctx.configDir, 'sql-favorites.json.20250101T000000.bak', [favorites[1]]);
      writeJson(ctx.configDir, 'sql-favorites.json.20251011T120000.bak', [favorites[2]]);
      expect((await ctx.importLegacy()).files).toEqual([]); // without force, backups are left alone
      const [forced] = (await ctx.importLegacy({ force: true })).files;
      expect(forced).toMatchObject({ path: file('sql-favorites.json.20251011T120000.bak'), inserted: 1 });
      expect(await ctx.query(`SELECT id FROM system_sql_favorites`)).toEqual([{ id: 'f3' }]);
    });

    it('imports a present original again (and backs it up beside the first backup)', async () => {
      writeJson(ctx.configDir, 'sql-favorites.json', favorites);
      await ctx.importLegacy();
      fs.copyFileSync(file('sql-favorites.json.bak'), file('sql-favorites.json'));
      const [forced] = (await ctx.importLegacy({ force: true })).files;
      expect(forced).toMatchObject({ status: 'imported', unchanged: 3, backupPath: expect.stringMatching(/sql-favorites\.json\.\d{8}T\d{6}\.bak$/) });
      expect(fs.existsSync(file('sql-favorites.json'))).toBe(false);
    });
  });

  describe('crash between commit and rename', () => {
    it('finishes only the backup on the next run, importing nothing twice', async () => {
      writeJson(ctx.configDir, 'sql-favorites.json', favorites);
      await ctx.importLegacy();
      // What a crash right after COMMIT leaves: the file in place, no backup path recorded.
      fs.renameSync(file('sql-favorites.json.bak'), file('sql-favorites.json'));
      await ctx.database.transaction((c) => c.run(`UPDATE system_legacy_imports SET backup_path = NULL`));

      const [next] = (await ctx.importLegacy()).files;
      expect(next).toMatchObject({ status: 'skipped', inserted: 0, backupPath: file('sql-favorites.json.bak') });
      expect(next!.reason).toMatch(/^already imported on .* \(import #\d+\); not imported again; moved the file to its backup$/);
      expect(listDir()).toEqual(['sql-favorites.json.bak']);
      const rows = await ledger();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'imported', backup_path: file('sql-favorites.json.bak') });
      expect(await ctx.query(`SELECT count(*)::INTEGER AS n FROM system_sql_favorites`)).toEqual([{ n: 3 }]);
    });

    it('a dry run only says so', async () => {
      writeJson(ctx.configDir, 'sql-favorites.json', favorites);
      await ctx.importLegacy();
      fs.renameSync(file('sql-favorites.json.bak'), file('sql-favorites.json'));
      const [next] = (await ctx.importLegacy({ dryRun: true })).files;
      expect(next).toMatchObject({ status: 'skipped', reason: expect.stringContaining('a real run would move the file to its backup') });
      expect(listDir()).toEqual(['sql-favorites.json']);
    });
  });

  it('runs one import at a time, so overlapping runs never import or move a file twice', async () => {
    writeJson(ctx.configDir, 'sql-favorites.json', favorites);
    const [first, second] = await Promise.all([ctx.importLegacy(), ctx.importLegacy()]);
    expect(first!.files).toMatchObject([{ status: 'imported', inserted: 3 }]);
    expect(second!.files).toEqual([]);
    expect((await ledger()).map((row) => row.status)).toEqual(['imported']);
  });

  it('imports a changed file that reappears, updating rows imported before', async () => {
    writeJson(ctx.configDir, 'sql-favorites.json', favorites);
    await ctx.importLegacy();
    writeJson(ctx.configDir, 'sql-favorites.json', [favorites[0], { ...favorites[1], description: 'now described' }]);
    const [again] = (await ctx.importLegacy()).files;
    expect(again).toMatchObject({ status: 'imported', inserted: 0, updated: 1, unchanged: 1, backupPath: expect.stringMatching(/\d{8}T\d{6}\.bak$/) });
    expect(listDir()).toHaveLength(2);
  });
});
