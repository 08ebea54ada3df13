import fs from 'node:fs';
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
  /** `$dataDir/uploads`: where uploaded files land; readable by SQL (DuckDB `allowed_directories`). */
  uploadsDir: string;
  /** `$dataDir/exports`: the only folder SQL `COPY … TO` may write into. */
  exportsDir: string;
  /** Approved server folders (DUCKQUERY_SERVER_MOUNTS, else app-config.json `server_data_mounts`); readable by SQL. */
  serverMounts: ServerMount[];
  /** DuckDB engine limits; null = DuckDB's default. */
  engine: {
    memoryLimit: string | null;
    tempDirectory: string | null;
    maxTempDirectorySize: string | null;
  };
  /** Largest file an upload or URL download may be, in bytes (DUCKQUERY_MAX_FILE_SIZE; legacy `max_file_size`). */
  maxFileSizeBytes: number;
  /** Chunked uploads idle longer than this are removed with their chunks (DUCKQUERY_UPLOAD_SESSION_TTL_HOURS). */
  uploadSessionTtlMs: number;
  /** URL imports: host names, addresses or CIDR ranges allowed even when private (DUCKQUERY_URL_ALLOW_HOSTS). */
  urlAllowHosts: string[];
  /** URL imports: longest wait for a response, and for each piece of its body (DUCKQUERY_URL_TIMEOUT_MS). */
  urlTimeoutMs: number;
  /** Limits of the SQL box (issue 4). */
  query: {
    /** Rows a result answers at most (legacy `max_query_rows`). */
    maxQueryRows: number;
    timeoutMs: number;
    maxConcurrent: number;
  };
  /** Async tasks (issue 3 item 9): a query run in the background into a table. */
  tasks: {
    /** Tasks running at once; more wait in the queue. */
    maxConcurrent: number;
    /** How long a task's CSV/Parquet export stays in the exports folder before it is deleted. */
    exportTtlMs: number;
  };
}

export interface ServerMount {
  label: string;
  /** Absolute, resolved. */
  path: string;
}

/** A configuration value that cannot be used: start-up stops with this message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DUCKQUERY_DATA_DIR || './data');
  const configDir = path.resolve(/*turbopackIgnore: true*/ env.DUCKQUERY_CONFIG_DIR || env.CONFIG_DIR || './config');
  const legacyAppConfig = readLegacyAppConfig(configDir);
  return {
    dataDir,
    dbPath: path.resolve(/*turbopackIgnore: true*/ env.DUCKQUERY_DB_PATH || path.join(dataDir, 'duckquery.duckdb')),
    configDir,
    secretKeyFromEnv: env.DUCKQUERY_SECRET_KEY?.trim() || null,
    previousSecretKeys: (env.DUCKQUERY_PREVIOUS_SECRET_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    secretKeyPath: path.join(/*turbopackIgnore: true*/ dataDir, 'secret.key'),
    legacyTimeZone: env.DUCKQUERY_LEGACY_TZ?.trim() || null,
    useFileDatasourceJson: env.USE_FILE_DATASOURCE_JSON === 'true',
    skipLegacyImportOnStart: env.DUCKQUERY_SKIP_LEGACY_IMPORT === 'true',
    uploadsDir: path.join(dataDir, 'uploads'),
    exportsDir: path.join(dataDir, 'exports'),
    serverMounts: serverMounts(env.DUCKQUERY_SERVER_MOUNTS, legacyAppConfig.server_data_mounts),
    engine: {
      memoryLimit: env.DUCKQUERY_MEMORY_LIMIT?.trim() || null,
      tempDirectory: env.DUCKQUERY_TEMP_DIR?.trim() ? path.resolve(/*turbopackIgnore: true*/ env.DUCKQUERY_TEMP_DIR.trim()) : null,
      maxTempDirectorySize: env.DUCKQUERY_MAX_TEMP_SIZE?.trim() || null,
    },
    maxFileSizeBytes: byteSize(env, 'DUCKQUERY_MAX_FILE_SIZE', legacyMaxQueryRows(legacyAppConfig.max_file_size) ?? 50 * 1024 ** 3),
    uploadSessionTtlMs: positiveInt(env, 'DUCKQUERY_UPLOAD_SESSION_TTL_HOURS', 24) * 3_600_000,
    urlAllowHosts: (env.DUCKQUERY_URL_ALLOW_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    urlTimeoutMs: positiveInt(env, 'DUCKQUERY_URL_TIMEOUT_MS', 30_000),
    query: {
      maxQueryRows: positiveInt(env, 'DUCKQUERY_MAX_QUERY_ROWS', legacyMaxQueryRows(legacyAppConfig.max_query_rows) ?? 10_000),
      timeoutMs: positiveInt(env, 'DUCKQUERY_QUERY_TIMEOUT_MS', 60_000),
      maxConcurrent: positiveInt(env, 'DUCKQUERY_MAX_CONCURRENT_QUERIES', 4),
    },
    tasks: {
      maxConcurrent: positiveInt(env, 'DUCKQUERY_MAX_CONCURRENT_TASKS', 2),
      exportTtlMs: positiveInt(env, 'DUCKQUERY_TASK_EXPORT_TTL_MINUTES', 60) * 60_000,
    },
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number ≥ 1 (got '${raw}')`);
  return value;
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** A byte size: a plain number of bytes, or with a unit (`500MB`, `50GiB`). */
function byteSize(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw);
  const unit = SIZE_UNITS[(match?.[2] || 'b').toLowerCase()];
  const value = match && unit ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigError(`${name} must be a size in bytes, e.g. 1073741824, 500MB or 50GiB (got '${raw}')`);
  return value;
}

/** The legacy app's settings file, read for `max_query_rows`, `max_file_size` and `server_data_mounts`; absent or unreadable = {}. */
function readLegacyAppConfig(configDir: string): { max_query_rows?: unknown; max_file_size?: unknown; server_data_mounts?: unknown } {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(/*turbopackIgnore: true*/ configDir, 'app-config.json'), 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {}; // the legacy file is optional, and not ours to judge
  }
}

function legacyMaxQueryRows(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : null;
}

/** DUCKQUERY_SERVER_MOUNTS (JSON `[{label, path}]`; malformed stops start-up), else the legacy list (malformed ignored). */
function serverMounts(fromEnv: string | undefined, fromLegacy: unknown): ServerMount[] {
  if (fromEnv?.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fromEnv);
    } catch {
      throw new ConfigError('DUCKQUERY_SERVER_MOUNTS must be JSON: [{"label": "…", "path": "/absolute/folder"}]');
    }
    const mounts = toMounts(parsed);
    if (!mounts) throw new ConfigError('DUCKQUERY_SERVER_MOUNTS must be a list of {"label": "…", "path": "/absolute/folder"}');
    return mounts;
  }
  return toMounts(fromLegacy) ?? [];
}

function toMounts(value: unknown): ServerMount[] | null {
  if (!Array.isArray(value)) return null;
  const mounts: ServerMount[] = [];
  for (const item of value) {
    const { label, path: mountPath } = (item ?? {}) as { label?: unknown; path?: unknown };
    if (typeof mountPath !== 'string' || !path.isAbsolute(mountPath)) return null;
    mounts.push({ label: typeof label === 'string' && label.trim() ? label.trim() : mountPath, path: path.resolve(/*turbopackIgnore: true*/ mountPath) });
  }
  return mounts;
}
