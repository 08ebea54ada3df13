import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { quotedString, type DuckDBConnection } from '@duckdb/node-api';
import { ConfigError, type AppConfig } from '../config';

/**
 * How DuckQuery hardens its DuckDB engine (issue 4): the SQL box may read only the upload,
 * server-mount and export folders; extensions are never installed or loaded; memory and temp
 * space are bounded; then the configuration is locked so no statement can undo any of it.
 * https://duckdb.org/docs/stable/operations_manual/securing_duckdb/overview
 */
export interface EngineSettings {
  /** Absolute folders, each ending with a separator (DuckDB matches them as prefixes). */
  allowedDirectories: string[];
  memoryLimit: string | null;
  tempDirectory: string | null;
  maxTempDirectorySize: string | null;
}

/** Options DuckDB takes when the instance is created (the C API cannot set list-valued ones). */
export function creationOptions(settings: EngineSettings): Record<string, string> {
  return {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false',
    ...(settings.memoryLimit ? { memory_limit: settings.memoryLimit } : {}),
    ...(settings.tempDirectory ? { temp_directory: settings.tempDirectory } : {}),
    ...(settings.maxTempDirectorySize ? { max_temp_directory_size: settings.maxTempDirectorySize } : {}),
  };
}

/**
 * Statements run once, on the first connection, before anyone else connects. Order matters:
 * allowed_directories can only be set while external access is still on, and nothing can be set
 * after the lock. TimeZone is fixed to UTC first: a locked session cannot change it, and the
 * server's answers must not depend on the host's zone.
 */
export function hardeningStatements(settings: EngineSettings): string[] {
  const directories = settings.allowedDirectories.map((dir) => quotedString(dir)).join(', ');
  return [
    `SET GLOBAL TimeZone = 'UTC'`,
    `SET GLOBAL allowed_directories = [${directories}]`,
    `SET GLOBAL enable_external_access = false`,
    `SET GLOBAL lock_configuration = true`,
  ];
}

export async function applyHardening(connection: DuckDBConnection, settings: EngineSettings): Promise<void> {
  for (const statement of hardeningStatements(settings)) await connection.run(statement);
}

const withSep = (dir: string) => (dir.endsWith(path.sep) ? dir : dir + path.sep);

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (p need not exist). */
export function realPathOf(p: string): string {
  const resolved = path.resolve(/*turbopackIgnore: true*/ p);
  try {
    return fs.realpathSync(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(realPathOf(parent), path.basename(resolved));
  }
}

/** Whether `inner` is `outer` or lies inside it (real paths, root plus separator). */
export function isInside(inner: string, outer: string): boolean {
  const a = realPathOf(inner);
  const b = realPathOf(outer);
  return a === b || a.startsWith(withSep(b));
}

/**
 * The engine settings of a configuration. Creates the upload and export folders (DuckDB must
 * see them to allow them). Refuses (ConfigError) any allowed folder that would expose the
 * database file or the secret key: SQL can read everything inside an allowed folder.
 */
export function engineSettingsFor(config: AppConfig): EngineSettings {
  for (const dir of [config.uploadsDir, config.exportsDir]) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const folders = [
    { what: 'the uploads folder', dir: config.uploadsDir },
    { what: 'the exports folder', dir: config.exportsDir },
    ...config.serverMounts.map((m) => ({ what: `server mount '${m.label}'`, dir: m.path })),
  ];
  // DuckDB allows its temp folder by itself, so it must not expose the database or the key either.
  const checked = config.engine.tempDirectory ? [...folders, { what: 'DUCKQUERY_TEMP_DIR', dir: config.engine.tempDirectory }] : folders;
  const secrets = [
    { what: 'the database file', file: config.dbPath },
    { what: 'the secret key file', file: config.secretKeyPath },
    { what: 'the data folder', file: config.dataDir },
  ];
  for (const { what, dir } of checked) {
    for (const secret of secrets) {
      if (isInside(secret.file, dir)) {
        throw new ConfigError(
          `${what} (${dir}) contains ${secret.what} (${secret.file}); SQL could read it. Choose a folder that holds neither the database nor the key.`,
        );
      }
    }
  }
  return {
    allowedDirectories: [...new Set(folders.map(({ dir }) => withSep(realPathOf(dir))))],
    memoryLimit: config.engine.memoryLimit && memoryLimit(config.engine.memoryLimit),
    tempDirectory: config.engine.tempDirectory,
    maxTempDirectorySize: config.engine.maxTempDirectorySize,
  };
}

/** DUCKQUERY_MEMORY_LIMIT as DuckDB takes it: a size ('4GB', '512MiB') as is, a share of RAM ('50%') in MiB. */
export function memoryLimit(value: string): string {
  if (!value.endsWith('%')) return value;
  const share = Number(value.slice(0, -1));
  if (!Number.isFinite(share) || share <= 0 || share > 100) throw new ConfigError(`DUCKQUERY_MEMORY_LIMIT must be a size (4GB) or a share of RAM (50%), not '${value}'`);
  return `${Math.floor((os.totalmem() * share) / 100 / 2 ** 20)}MiB`;
}
