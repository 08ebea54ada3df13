import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '@/server/db/database';
import { runLegacyImport } from '@/server/legacy-import/run-legacy-import';
import type { LegacyImportReport } from '@/server/legacy-import/types';
import { loadKeyring } from '@/server/secrets/keyring';
import { fernetEncrypt, newFernetKey } from '../../helpers/fernet-encrypt';
import { LEGACY_SAMPLES_DIR, copySampleConfig, writeJson } from '../../helpers/legacy-fixtures';
import { runMigrate, type CliResult } from '../../helpers/run-migrate-cli';
import { makeTempDirs, testConfig } from '../../helpers/test-database';

const sampleKey = fs.readFileSync(path.join(LEGACY_SAMPLES_DIR, 'config/secret.key'), 'utf8');
const foreignToken = fernetEncrypt('foreign-key-secret', newFernetKey());

/** Every secret the legacy files below hold, as plain text and as tokens. */
const SECRETS = [
  'r3port-pass!',
  'plain-text-pass',
  'etl-secret',
  'old-pass',
  'hand-api-key-9876',
  'fresh-token-secret',
  'foreign-key-secret',
  foreignToken,
  'hunter2-in-corrupt-file',
];

function writeLegacyConfig(configDir: string): void {
  copySampleConfig(configDir);
  const datasources = JSON.parse(fs.readFileSync(path.join(configDir, 'datasources.json'), 'utf8'));
  const mysqlToken = datasources.database_sources[0].params.password;
  const oldToken = JSON.parse(fs.readFileSync(path.join(configDir, 'mysql-configs.json'), 'utf8'))[0].params.password;
  SECRETS.push(mysqlToken, oldToken);
  datasources.database_sources.push(
    { id: 'api', name: 'API', type: 'postgresql', api_key: 'hand-api-key-9876', params: { host: 'h', token: fernetEncrypt('fresh-token-secret', sampleKey) } },
    { id: 'foreign', name: 'Foreign', type: 'mysql', params: { host: 'h', password: foreignToken } },
    { id: 'broken', name: 'Broken', type: 'mysql', password: 'etl-secret', params: { password: 'plain-text-pass', created_at: 'not a date' } },
  );
  writeJson(configDir, 'datasources.json', datasources);
  // A corrupt file whose error sits right beside a password.
  fs.mkdirSync(path.join(configDir, 'corrupt'));
  fs.writeFileSync(path.join(configDir, 'corrupt', 'datasources.json'), '{"database_sources": [{"id": "x", "params": {"password": "hunter2-in-corrupt-file" oops}}]}');
}

const dump = (value: unknown) => JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? String(v) : v));

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text, `contains ${secret.slice(0, 12)}…`).not.toContain(secret);
}

describe('legacy secrets never leak', () => {
  const dirs = makeTempDirs('duckquery-secrets-');
  let reports: LegacyImportReport[] = [];
  let cli: CliResult[] = [];
  let tables: Record<string, unknown[]> = {};

  beforeAll(async () => {
    writeLegacyConfig(dirs.configDir);
    const corruptDir = path.join(dirs.configDir, 'corrupt');
    const cliDirs = { dataDir: path.join(dirs.root, 'cli-data'), configDir: path.join(dirs.root, 'cli-config') };
    writeLegacyConfig(cliDirs.configDir);
    cli = [
      await runMigrate(cliDirs, ['--dry-run']),
      await runMigrate(cliDirs, ['--json', '--dry-run']),
      await runMigrate(cliDirs, []),
      await runMigrate(cliDirs, ['--json', '--force']),
      await runMigrate(cliDirs, ['--config-dir', path.join(cliDirs.configDir, 'corrupt')]),
    ];

    const config = testConfig(dirs);
    const database = await Database.open(config.dbPath);
    try {
      const { runSchemaMigrations } = await import('@/server/db/schema-migrations');
      await runSchemaMigrations(database);
      const options = { configDir: dirs.configDir, legacyTimeZone: 'Asia/Shanghai', keyring: loadKeyring(config), actor: 'test' };
      reports = [
        await runLegacyImport(database, { ...options, dryRun: true }),
        await runLegacyImport(database, options),
        await runLegacyImport(database, { ...options, force: true }),
        await runLegacyImport(database, { ...options, configDir: corruptDir }),
      ];
      for (const table of ['system_datasources', 'system_legacy_imports', 'system_audit_log']) {
        tables[table] = await database.read(async (c) => (await c.runAndReadAll(`SELECT * FROM ${table}`)).getRowObjectsJS());
      }
    } finally {
      database.close();
    }
  });
  afterAll(() => dirs.cleanup());

  it('imported what it should (so the checks below are not vacuous)', () => {
    const datasources = reports[1]!.files.find((f) => f.file === 'datasources.json')!;
    expect(datasources).toMatchObject({ status: 'imported', inserted: 7, needsPassword: ['foreign'] });
    expect(reports[3]!.files[0]).toMatchObject({ status: 'failed' });
    expect(cli.map((r) => r.code)).toEqual([0, 0, 0, 0, 1]);
    expect(tables.system_audit_log!.length).toBeGreaterThan(3);
  });

  it('not in the reports', () => {
    for (const report of reports) expectNoSecret(dump(report));
  });

  it('not in system_legacy_imports nor the audit log', () => {
    expectNoSecret(dump(tables.system_legacy_imports));
    expectNoSecret(dump(tables.system_audit_log));
  });

  it('not in system_datasources in clear (params hold dq:v1 ciphertext, extra holds no secret)', () => {
    expectNoSecret(dump(tables.system_datasources));
  });

  it('not on the CLI stdout or stderr', () => {
    for (const result of cli) expectNoSecret(result.stdout + result.stderr);
  });
});
