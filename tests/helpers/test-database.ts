import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '@/server/config';
import { startup } from '@/server/startup';

/** A fresh data dir (and config dir) under the OS temp dir, removed by `cleanup`. */
export function makeTempDirs(prefix = 'duckquery-test-') {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dataDir = path.join(root, 'data');
  const configDir = path.join(root, 'config');
  fs.mkdirSync(configDir, { recursive: true });
  return { root, dataDir, configDir, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export function testConfig(dirs: { dataDir: string; configDir: string }, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DUCKQUERY_DATA_DIR: dirs.dataDir,
    DUCKQUERY_CONFIG_DIR: dirs.configDir,
    DUCKQUERY_LEGACY_TZ: 'Asia/Shanghai',
    ...env,
  } as unknown as NodeJS.ProcessEnv);
}

/** A real DuckDB file with every migration applied, as the server would open it. */
export async function openTestDatabase(env: Record<string, string> = {}) {
  const dirs = makeTempDirs();
  const config = testConfig(dirs, { DUCKQUERY_SKIP_LEGACY_IMPORT: 'true', ...env });
  const { database, startupReport } = await startup(config);
  return {
    ...dirs,
    config,
    database,
    keyring: startupReport.keyring,
    close: () => {
      database.close();
      dirs.cleanup();
    },
  };
}
