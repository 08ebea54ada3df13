/**
 * npm run migrate -- [--dry-run] [--json] [--config-dir DIR] [--force]
 *
 * Applies schema migrations, then imports the legacy JSON files (the same code start-up runs).
 * Exit codes: 0 done; 1 a legacy file or a migration failed; 2 the database is in use (the
 * server is running) or the arguments are wrong.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config';
import { Database, DatabaseLockedError } from '../src/server/db/database';
import { errorMessage } from '../src/server/db/errors';
import { runSchemaMigrations, type MigrationResult } from '../src/server/db/schema-migrations';
import { formatReport } from '../src/server/legacy-import/format-report';
import { failedFiles, runLegacyImport } from '../src/server/legacy-import/run-legacy-import';
import { loadKeyring } from '../src/server/secrets/keyring';

const USAGE = 'usage: npm run migrate -- [--dry-run] [--json] [--config-dir DIR] [--force]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'config-dir': { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }

  const config = loadConfig();
  let database: Database;
  try {
    database = await Database.open(config.dbPath);
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  try {
    const migrations = await runSchemaMigrations(database);
    const failedMigration = migrations.find((m) => m.status === 'failed');
    if (failedMigration) {
      console.error(`schema migration ${failedMigration.name} failed and was rolled back: ${failedMigration.error}`);
      return 1;
    }
    if (!args.json) console.log(describeMigrations(migrations));
    const report = await runLegacyImport(database, {
      configDir: path.resolve(args['config-dir'] ?? config.configDir),
      legacyTimeZone: config.legacyTimeZone,
      keyring: loadKeyring(config),
      actor: 'cli',
      dryRun: args['dry-run'],
      force: args.force,
    });
    console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return failedFiles(report).length > 0 ? 1 : 0;
  } finally {
    database.close();
  }
}

function describeMigrations(migrations: MigrationResult[]): string {
  const applied = migrations.filter((m) => m.status === 'applied').map((m) => m.name);
  return applied.length > 0
    ? `Schema: applied ${applied.join(', ')} (${migrations.length} migrations in all)`
    : `Schema: up to date (${migrations.length} migrations)`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(errorMessage(error)); // a message a person can act on, no stack trace
    process.exitCode = 1;
  },
);
