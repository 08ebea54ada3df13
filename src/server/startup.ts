import type { AppConfig } from './config';
import { Database } from './db/database';
import { engineSettingsFor } from './db/engine-settings';
import { MigrationFailedError, runSchemaMigrations, type MigrationResult } from './db/schema-migrations';
import { runSelfCheck, type SelfCheckResult } from './db/self-check';
import { loadKeyring, type Keyring } from './secrets/keyring';
import { runLegacyImport, type LegacyImportReport } from './legacy-import/run-legacy-import';
import { log } from './log';
import type { AppContext } from './app-context';
import { createStores } from './stores';
import { cleanUpUploadsAtStartup } from './ingest/chunked/stale-upload-sessions';
import { startTaskHousekeeping } from './tasks/task-housekeeping';

export interface StartupReport {
  config: AppConfig;
  keyring: Keyring;
  migrations: MigrationResult[];
  selfCheck: SelfCheckResult;
  legacyImport: LegacyImportReport | null;
}

/**
 * Opens the database, applies schema migrations, checks the engine, imports legacy JSON once.
 * Idempotent and callable from instrumentation, the CLI and tests (tests never run `register`).
 * A failed legacy file never stops start-up; a failed schema migration does.
 */
export async function startup(config: AppConfig): Promise<{ app: AppContext; database: Database; startupReport: StartupReport }> {
  const keyring = loadKeyring(config);
  // Hardened engine (issue 4): SQL reads only the upload, mount and export folders; config locked.
  const database = await Database.open(config.dbPath, engineSettingsFor(config));
  try {
    const migrations = await runSchemaMigrations(database);
    if (migrations.some((m) => m.status === 'failed')) throw new MigrationFailedError(migrations);
    const selfCheck = await runSelfCheck(database);
    if (!selfCheck.ok) throw new Error(`DuckDB start-up self-check failed: ${selfCheck.problems.join('; ')}`);

    let legacyImport: LegacyImportReport | null = null;
    if (!config.skipLegacyImportOnStart && !config.useFileDatasourceJson) {
      legacyImport = await runLegacyImport(database, {
        configDir: config.configDir,
        legacyTimeZone: config.legacyTimeZone,
        keyring,
        actor: 'system',
      });
      for (const file of legacyImport.files) {
        if (file.status === 'failed') log.warn(`legacy import of ${file.file} failed: ${file.error}`);
        else if (file.status === 'imported') log.info(`legacy import of ${file.file}: ${file.inserted} new, ${file.updated} updated, ${file.skipped.length} skipped; backup ${file.backupPath}`);
      }
    }
    // Tasks a crash left queued/running are marked failed; old task exports deleted (issue 3 item 9).
    await startTaskHousekeeping(database, config);
    log.info(`DuckQuery database ready at ${config.dbPath}`);
    const app: AppContext = { config, database, keyring, stores: createStores(config, database) };
    await cleanUpUploadsAtStartup(app); // chunked uploads: finish what a crash interrupted, drop stale sessions
    return { app, database, startupReport: { config, keyring, migrations, selfCheck, legacyImport } };
  } catch (error) {
    database.close();
    throw error;
  }
}
