import type { Keyring } from '../secrets/keyring';

/** The legacy files, in import order (mysql-configs.json only when datasources.json has no connections). */
export const LEGACY_FILES = ['file-datasources.json', 'sql-favorites.json', 'datasources.json', 'mysql-configs.json'] as const;
export type LegacyFileName = (typeof LEGACY_FILES)[number];

export type LegacyFileStatus = 'imported' | 'skipped' | 'failed' | 'dry-run';

export interface SkippedEntry {
  /** The entry's id / source_id / name, or `#<index>` when it has none. */
  entry: string;
  reason: string;
}

export interface LegacyFileReport {
  file: LegacyFileName;
  path: string;
  status: LegacyFileStatus;
  sha256: string | null;
  entries: number;
  inserted: number;
  updated: number;
  skipped: SkippedEntry[];
  /** Connections imported whose password must be re-entered (token did not verify). */
  needsPassword: string[];
  error: string | null;
  backupPath: string | null;
}

export interface LegacyImportReport {
  configDir: string;
  dryRun: boolean;
  force: boolean;
  files: LegacyFileReport[];
}

export interface LegacyImportOptions {
  configDir: string;
  /** DUCKQUERY_LEGACY_TZ; null = app-config.json `timezone`, else the server's zone. */
  legacyTimeZone: string | null;
  keyring: Keyring;
  actor: string;
  dryRun?: boolean;
  force?: boolean;
}
