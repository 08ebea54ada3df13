import type { Database } from '../db/database';
import type { LegacyImportOptions, LegacyImportReport } from './types';

export type { LegacyImportReport } from './types';

/** PLACEHOLDER until the importer lands: imports nothing. */
export async function runLegacyImport(_database: Database, options: LegacyImportOptions): Promise<LegacyImportReport> {
  return { configDir: options.configDir, dryRun: options.dryRun ?? false, force: options.force ?? false, files: [] };
}
