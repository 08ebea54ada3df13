import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { favoriteCreateInput, favoriteListInput } from '@/server/favorites/favorite';
import { fileSourceListInput, fileSourceUpsertInput } from '@/server/file-sources/file-source';
import { datasourceListInput } from '@/server/datasources/datasource';
import { createJsonStores, type JsonStoresOptions } from '@/server/json-store/json-stores';
import type { Stores } from '@/server/stores';
import { makeTempDirs } from '../helpers/test-database';
import { at, domainError } from './contract-helpers';

const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const USE_FAVORITE = fileURLToPath(new URL('./fixtures/use-favorite.ts', import.meta.url));
const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/;

const allFavorites = favoriteListInput.parse({});
const allFileSources = fileSourceListInput.parse({ includeProfiles: true });
const allDatasources = datasourceListInput.parse({});

describe('legacy JSON stores (USE_FILE_DATASOURCE_JSON): files, locks, processes', () => {
  let dirs: ReturnType<typeof makeTempDirs>;
  let stores: Stores;
  const open = (options: JsonStoresOptions = {}) => createJsonStores(dirs.configDir, { legacyTimeZone: 'Asia/Shanghai', ...options });
  const file = (name: string) => path.join(dirs.configDir, name);
  const writeFile = (name: string, content: unknown) =>
    fs.writeFileSync(file(name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  const readFile = (name: string) => JSON.parse(fs.readFileSync(file(name), 'utf8')) as unknown;
  /** Only the data files may be left in the config dir: no temp file, no lock file. */
  const leftovers = () => fs.readdirSync(dirs.configDir).filter((name) => !/^[\w-]+\.json$/.test(name));

  beforeEach(() => {
    dirs = makeTempDirs('duckquery-json-store-');
    stores = open();
  });
  afterEach(() => dirs.cleanup());

  it('two processes each calling use 100 times on the same favorite add exactly 200', async () => {
    const favorite = await stores.favorites.create(favoriteCreateInput.parse({ name: 'Shared', sql: 'SELECT 1' }));
    await stores.favorites.use(favorite.id);

    const children = [1, 2].map(() => startChild([USE_FAVORITE, dirs.configDir, favorite.id, '100']));
    await Promise.all(children.map((child) => child.ready));
    for (const child of children) child.go();
    const results = await Promise.all(children.map((child) => child.exit));

    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stdout: 'ready\ndone\n' });
    expect((await stores.favorites.get(favorite.id))!.usage_count).toBe(201);
    expect(leftovers()).toEqual([]);
  }, 120_000);

  describe('a file that is not valid JSON', () => {
    const cases = [
      {
        name: 'sql-favorites.json',
        text: '[\n  {"id": "a", "name": "x",}\n]\n',
        where: 'line 2, column 27',
        operations: (s: Stores) => [
          () => s.favorites.list(allFavorites),
          () => s.favorites.get('a'),
          () => s.favorites.create(favoriteCreateInput.parse({ name: 'n', sql: 'SELECT 1' })),
          () => s.favorites.update('a', { sql: 'SELECT 2' }),
          () => s.favorites.upsert({ id: 'a', name: 'n', sql: 'SELECT 1', type: 'duckdb', description: '', tags: [], usage_count: 0 }),
          () => s.favorites.delete('a'),
          () => s.favorites.use('a'),
        ],
      },
      {
        name: 'file-datasources.json',
        text: '{\n  "sales": {"source_id": "sales" "filename": "a.csv"}\n}',
        where: 'line 2, column 34',
        operations: (s: Stores) => [
          () => s.fileSources.list(allFileSources),
          () => s.fileSources.get('sales'),
          () => s.fileSources.upsert(fileSourceUpsertInput.parse({ source_id: 'n', filename: 'n.csv', file_type: 'csv' })),
          () => s.fileSources.delete('sales'),
        ],
      },
      {
        name: 'datasources.json',
        text: '{"database_sources": [{"id": "a", "type": "mysql", "params": {"password": "s3cret-pass"}}, ], "file_sources": []}',
        where: 'line 1, column 92',
        operations: (s: Stores) => [
          () => s.datasources.list(allDatasources),
          () => s.datasources.get('a'),
          () => s.datasources.create({ id: 'n', name: 'n', type: 'sqlite', params: {}, status: 'inactive', description: null, enabled: true, password_needs_reentry: false, extra: {}, last_tested: null }),
          () => s.datasources.update('a', (c) => c),
          () => s.datasources.delete('a'),
        ],
      },
    ];

    for (const { name, text, where, operations } of cases) {
      it(`${name}: every read and write fails with UNAVAILABLE naming the file and position; the file is left byte-for-byte`, async () => {
        writeFile(name, text);
        const before = fs.readFileSync(file(name));
        for (const operation of operations(stores)) {
          const error = await domainError(operation(), 'UNAVAILABLE');
          expect(error.message).toContain(file(name));
          expect(error.message).toContain(where);
          expect(error.message).not.toContain('s3cret');
          expect(error.details).toMatchObject({ file: file(name) });
        }
        expect(fs.readFileSync(file(name)).equals(before)).toBe(true);
        expect(leftovers()).toEqual([]);
      });
    }

    it('a top level the legacy app never wrote is refused the same way, and left alone', async () => {
      writeFile('sql-favorites.json', '{"favorites": []}');
      const error = await domainError(stores.favorites.create(favoriteCreateInput.parse({ name: 'n', sql: 'SELECT 1' })), 'UNAVAILABLE');
      expect(error.message).toMatch(/sql-favorites\.json should hold a JSON array of favorites but holds an object/);
      expect(fs.readFileSync(file('sql-favorites.json'), 'utf8')).toBe('{"favorites": []}');
    });
  });

  it('reads legacy favorites (local time with a misleading Z) and rewrites only the entry it changes', async () => {
    const legacy = [
      { id: 'f1', name: '月度销售汇总', sql: 'SELECT 1', type: 'duckdb', description: 'Monthly', tags: ['sales'], created_at: '2025-10-11T12:00:00.123456Z', updated_at: '2025-10-12T09:30:00.000001Z', usage_count: 7, folder: 'kept' },
      { id: 'broken', name: 'no sql here' },
      { id: 3, name: 'Numeric id', sql: 'SELECT 3', created_at: '2025-11-01T18:45:10.5Z', updated_at: '2025-11-01T18:45:10.5Z' },
    ];
    writeFile('sql-favorites.json', legacy);

    const page = await stores.favorites.list(allFavorites);
    expect(page.items.map((f) => f.id)).toEqual(['3', 'f1']);
    expect(await stores.favorites.get('f1')).toMatchObject({
      created_at: at('2025-10-11T04:00:00.123Z'), // 12:00 in Asia/Shanghai
      updated_at: at('2025-10-12T01:30:00.000Z'),
      usage_count: 7,
    });
    expect(await stores.favorites.get('3')).toMatchObject({ type: 'duckdb', description: '', tags: [], usage_count: 0 });

    await stores.favorites.use('f1');
    let entries = readFile('sql-favorites.json') as Record<string, unknown>[];
    expect(entries).toEqual([{ ...legacy[0], usage_count: 8 }, legacy[1], legacy[2]]);

    await stores.favorites.update('f1', { description: 'changed' });
    entries = readFile('sql-favorites.json') as Record<string, unknown>[];
    expect(entries[0]).toMatchObject({ created_at: '2025-10-11T12:00:00.123456Z', description: 'changed', folder: 'kept' });
    expect(entries[0]!.updated_at).toMatch(ISO_WITH_OFFSET);
    expect(entries.slice(1)).toEqual(legacy.slice(1));
  });

  it('reads file sources keyed by source_id, with every timestamp variant, and writes back an array losing nothing', async () => {
    const legacy = {
      sales: { source_id: 'sales', filename: 'sales.csv', file_path: 'api/temp_files/sales.csv', file_type: 'csv', row_count: 3, column_count: 1, columns: ['a'], schema_version: 2, created_at: '2025-10-21 09:15:00.5+08:00' },
      old: { filename: 'old.json', file_path: 'old.json', file_type: 'duckdb_async_query', columns: [{ name: 'a', type: 'INTEGER' }], upload_time: '2025-08-01T10:00:00' },
      sheet: { source_id: 'sheet', filename: 'r.xlsx', file_type: 'excel_sheet', row_count: null, sheet_name: 'Q1', source_file: 'r.xlsx', created_at: '2025-09-01T10:00:00' },
    };
    writeFile('file-datasources.json', legacy);

    expect((await stores.fileSources.list(allFileSources)).total).toBe(3);
    expect(await stores.fileSources.get('sales')).toMatchObject({ created_at: at('2025-10-21T01:15:00.500Z'), updated_at: at('2025-10-21T01:15:00.500Z') });
    expect(await stores.fileSources.get('old')).toMatchObject({
      created_at: at('2025-08-01T02:00:00.000Z'),
      columns: [{ name: 'a', type: 'INTEGER' }],
      schema_version: null,
      row_count: null,
    });
    expect(await stores.fileSources.get('sheet')).toMatchObject({ file_path: null, extra: { sheet_name: 'Q1', source_file: 'r.xlsx' } });

    await stores.fileSources.upsert(fileSourceUpsertInput.parse({ source_id: 'new', filename: 'n.csv', file_type: 'csv' }));
    const entries = readFile('file-datasources.json') as Record<string, unknown>[];
    expect(entries.slice(0, 3)).toEqual([legacy.sales, { source_id: 'old', ...legacy.old }, legacy.sheet]);
    expect(entries[3]).toMatchObject({ source_id: 'new', filename: 'n.csv', schema_version: 2 });
    expect(entries[3]).not.toHaveProperty('file_path');
    expect(entries[3]!.created_at).toMatch(ISO_WITH_OFFSET);
  });

  it('reads a bare list of connections, folds hand-written top-level fields into params, writes the object form', async () => {
    const legacy = [
      { id: 'handwritten_pg', name: 'Hand written', type: 'postgresql', host: 'db.internal', port: 5433, username: 'etl', password: 'etl-secret', database: 'warehouse' },
      { id: 'mysql_prod', name: 'Orders', type: 'mysql', params: { host: 'h', password: 'gAAAAAB-token' }, status: 'active', created_at: '2025-09-01T10:00:00+08:00', updated_at: null, last_tested: null },
    ];
    writeFile('datasources.json', legacy);

    expect(await stores.datasources.get('handwritten_pg')).toMatchObject({
      params: { host: 'db.internal', port: 5433, username: 'etl', password: 'etl-secret', database: 'warehouse' },
      status: 'inactive',
      enabled: true,
      extra: {},
      created_at: new Date(0), // no timestamp at all: stable, and sorts oldest
    });
    expect(await stores.datasources.get('mysql_prod')).toMatchObject({
      created_at: at('2025-09-01T02:00:00Z'),
      updated_at: at('2025-09-01T02:00:00Z'),
      last_tested: null,
      params: { host: 'h', password: 'gAAAAAB-token' },
    });

    await stores.datasources.update('handwritten_pg', (c) => ({ ...c, status: 'active' }));
    const document = readFile('datasources.json') as { database_sources: Record<string, unknown>[]; file_sources: unknown[] };
    expect(document.file_sources).toEqual([]);
    expect(document.database_sources[1]).toEqual(legacy[1]);
    expect(document.database_sources[0]).toMatchObject({ id: 'handwritten_pg', status: 'active', params: { host: 'db.internal', port: 5433 } });
    expect(document.database_sources[0]).not.toHaveProperty('host');
    expect(document.database_sources[0]!.updated_at).toMatch(ISO_WITH_OFFSET);
  });

  it('reads naive and fake-Z times in the legacy zone, daylight saving included, and writes that zone\'s offset', async () => {
    writeFile('sql-favorites.json', [
      { id: 'summer', name: 's', sql: 'SELECT 1', created_at: '2025-07-01T12:00:00Z', updated_at: '2025-07-01T12:00:00Z' },
      { id: 'winter', name: 'w', sql: 'SELECT 1', created_at: '2025-01-15T12:00:00Z', updated_at: '2025-01-15T12:00:00Z' },
    ]);
    const berlin = open({ legacyTimeZone: 'Europe/Berlin' });
    expect((await berlin.favorites.get('summer'))!.created_at).toEqual(at('2025-07-01T10:00:00Z'));
    expect((await berlin.favorites.get('winter'))!.created_at).toEqual(at('2025-01-15T11:00:00Z'));
    await berlin.favorites.upsert({ id: 'new', name: 'n', sql: 'SELECT 1', type: 'duckdb', description: '', tags: [], usage_count: 0, created_at: at('2025-07-01T10:00:00Z'), updated_at: at('2025-01-15T11:00:00Z') });
    const written = (readFile('sql-favorites.json') as Record<string, unknown>[])[2];
    expect(written).toMatchObject({ created_at: '2025-07-01T12:00:00.000+02:00', updated_at: '2025-01-15T12:00:00.000+01:00' });
    expect(() => open({ legacyTimeZone: 'Mars/Olympus' })).toThrow(/Mars\/Olympus/);
  });

  it('keeps the permissions of the file it replaces', async () => {
    writeFile('datasources.json', { database_sources: [], file_sources: [] });
    fs.chmodSync(file('datasources.json'), 0o640);
    await stores.datasources.create({ id: 'n', name: 'n', type: 'sqlite', params: {}, status: 'inactive', description: null, enabled: true, password_needs_reentry: false, extra: {}, last_tested: null });
    expect(fs.statSync(file('datasources.json')).mode & 0o777).toBe(0o640);
  });

  describe('the lock file', () => {
    const lockOf = (name: string) => `${file(name)}.lock`;
    const writeLock = (name: string, body: Record<string, unknown>) => fs.writeFileSync(lockOf(name), JSON.stringify(body));

    it('is broken when its process is gone', async () => {
      const favorite = await stores.favorites.create(favoriteCreateInput.parse({ name: 'n', sql: 'SELECT 1' }));
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeLock('sql-favorites.json', { pid: Number(dead.stdout), hostname: os.hostname(), acquired_at: new Date().toISOString(), token: 'old' });
      expect((await open({ lock: { timeoutMs: 2_000 } }).favorites.use(favorite.id)).usage_count).toBe(1);
      expect(leftovers()).toEqual([]);
    });

    it('held by a live process is waited for, then reported; reads go on; once stale it is broken', async () => {
      const favorite = await stores.favorites.create(favoriteCreateInput.parse({ name: 'n', sql: 'SELECT 1' }));
      const before = fs.readFileSync(file('sql-favorites.json'));
      writeLock('sql-favorites.json', { pid: process.pid, hostname: os.hostname(), acquired_at: new Date().toISOString(), token: 'live' });
      const impatient = open({ lock: { timeoutMs: 200 } });

      const error = await domainError(impatient.favorites.use(favorite.id), 'UNAVAILABLE');
      expect(error.message).toContain(lockOf('sql-favorites.json'));
      expect(error.message).toContain(`process ${process.pid}`);
      expect(fs.readFileSync(file('sql-favorites.json')).equals(before)).toBe(true);
      expect((await impatient.favorites.get(favorite.id))!.usage_count).toBe(0);

      writeLock('sql-favorites.json', { pid: process.pid, hostname: os.hostname(), acquired_at: new Date(Date.now() - 60_000).toISOString(), token: 'live' });
      expect((await impatient.favorites.use(favorite.id)).usage_count).toBe(1);
      expect(leftovers()).toEqual([]);
    });

    it('that is unreadable is judged by its age', async () => {
      const favorite = await stores.favorites.create(favoriteCreateInput.parse({ name: 'n', sql: 'SELECT 1' }));
      fs.writeFileSync(lockOf('sql-favorites.json'), '');
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(lockOf('sql-favorites.json'), old, old);
      expect((await open({ lock: { timeoutMs: 2_000 } }).favorites.use(favorite.id)).usage_count).toBe(1);
    });
  });
});

interface Child {
  ready: Promise<void>;
  go: () => void;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startChild(args: string[]): Child {
  const child = spawn(TSX, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) signalReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => {
      signalReady(); // a child that died early must not leave the test waiting
      resolve({ code, stdout, stderr });
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), exit };
}
