import path from 'node:path';

/**
 * Everything DuckQuery reads from the environment, in one place.
 * Read lazily (a function, not module constants) so tests and the CLI can set variables first.
 * docs/CONFIGURATION.md documents each variable.
 */
export interface AppConfig {
  dataDir: string;
  dbPath: string;
  configDir: string;
  /** base64 32-byte key from DUCKQUERY_SECRET_KEY, or null: then `$dataDir/secret.key` is used. */
  secretKeyFromEnv: string | null;
  /** Older keys still accepted for decryption during a rotation (comma-separated base64). */
  previousSecretKeys: string[];
  secretKeyPath: string;
  /** Zone for legacy naive / fake-`Z` timestamps; null = app-config.json `timezone`, else server zone. */
  legacyTimeZone: string | null;
  useFileDatasourceJson: boolean;
  /** Skip the legacy JSON import at start-up (the CLI and admin page can still run it). */
  skipLegacyImportOnStart: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DUCKQUERY_DATA_DIR || './data');
  return {
    dataDir,
    dbPath: path.resolve(/*turbopackIgnore: true*/ env.DUCKQUERY_DB_PATH || path.join(dataDir, 'duckquery.duckdb')),
    configDir: path.resolve(/*turbopackIgnore: true*/ env.DUCKQUERY_CONFIG_DIR || env.CONFIG_DIR || './config'),
    secretKeyFromEnv: env.DUCKQUERY_SECRET_KEY?.trim() || null,
    previousSecretKeys: (env.DUCKQUERY_PREVIOUS_SECRET_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    secretKeyPath: path.join(/*turbopackIgnore: true*/ dataDir, 'secret.key'),
    legacyTimeZone: env.DUCKQUERY_LEGACY_TZ?.trim() || null,
    useFileDatasourceJson: env.USE_FILE_DATASOURCE_JSON === 'true',
    skipLegacyImportOnStart: env.DUCKQUERY_SKIP_LEGACY_IMPORT === 'true',
  };
}
