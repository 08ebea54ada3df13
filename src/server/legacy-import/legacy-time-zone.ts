import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import type { LegacyImportReport } from './types';

export interface LegacyTimeZone {
  zone: string;
  source: LegacyImportReport['timeZoneSource'];
}

/**
 * The zone the legacy app wrote naive and fake-`Z` timestamps in (FORMATS.md):
 * DUCKQUERY_LEGACY_TZ, else app-config.json `timezone`, else this server's zone.
 */
export function resolveLegacyTimeZone(fromEnv: string | null, configDir: string): LegacyTimeZone {
  if (fromEnv?.trim()) return { zone: fromEnv.trim(), source: 'DUCKQUERY_LEGACY_TZ' };
  const fromAppConfig = readAppConfigTimeZone(configDir);
  if (fromAppConfig) return { zone: fromAppConfig, source: 'app-config.json' };
  return { zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', source: 'server' };
}

function readAppConfigTimeZone(configDir: string): string | null {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(configDir, 'app-config.json'), 'utf8')) as unknown;
    const zone = (config as { timezone?: unknown } | null)?.timezone;
    return typeof zone === 'string' && zone.trim() ? zone.trim() : null;
  } catch {
    return null; // absent or unreadable: the app-config file is not ours to judge
  }
}

/** Null when DuckDB's ICU knows the zone, else the problem (the conversion runs in DuckDB). */
export async function checkTimeZone(database: Database, zone: string): Promise<string | null> {
  try {
    await database.read((connection) => connection.run(`SELECT timezone($1, TIMESTAMP '2000-01-01 00:00:00')`, [zone]));
    return null;
  } catch (error) {
    return `the legacy time zone '${zone}' is not known to DuckDB (${errorMessage(error).split('\n')[0]})`;
  }
}
