import type { Keyring } from '../secrets/keyring';

/** The legacy files, in import order (mysql-configs.json only when datasources.json has no connections). */
export const LEGACY_FILES = ['file-datasources.json', 'sql-favorites.json', 'datasources.json', 'mysql-configs.json'] as const;
export type LegacyFileName = (typeof LEGACY_FILES)[number];

/**
 * imported: this run committed the file's entries; skipped: nothing to do (see `reason`);
 * failed: nothing of the file was imported (see `error`); dry-run: what a real run would do.
 */
export type LegacyFileStatus = 'imported' | 'skipped' | 'failed' | 'dry-run';

export interface SkippedEntry {
  /** The entry's id / source_id / name, or `#<index>` when it has none. */
  entry: string;
  reason: string;
}

/** Where in a corrupt JSON file parsing stopped (1-based line and column, 0-based offset). */
export type { JsonErrorPosition } from '../shared/json-error-position';
import type { JsonErrorPosition } from '../shared/json-error-position';

/**
 * One legacy file. Files that are absent are not listed (with `force`, a file counts as present
 * when it has a backup to re-run from).
 */
export interface LegacyFileReport {
  file: LegacyFileName;
  /** The file that was read: the original, or with `force` possibly its newest backup. */
  path: string;
  status: LegacyFileStatus;
  sha256: string | null;
  entries: number;
  /** Rows written that did not exist (dry-run: would be). */
  inserted: number;
  /** Rows rewritten because the legacy entry differs from the row imported before (dry-run: would be). */
  updated: number;
  /** Entries whose row already holds exactly this entry (same import_checksum). */
  unchanged: number;
  skipped: SkippedEntry[];
  /** Connections imported whose password must be re-entered (token did not verify, or masked). */
  needsPassword: string[];
  /** Why the whole file was skipped; null otherwise. */
  reason: string | null;
  error: string | null;
  errorPosition: JsonErrorPosition | null;
  backupPath: string | null;
  /** Things worth knowing that did not stop an entry (substituted values, ignored sections). */
  notes: string[];
}

export interface LegacyImportReport {
  configDir: string;
  dryRun: boolean;
  force: boolean;
  /** Zone used for naive and fake-`Z` timestamps, and where it came from. */
  timeZone: string;
  timeZoneSource: 'DUCKQUERY_LEGACY_TZ' | 'app-config.json' | 'server';
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
