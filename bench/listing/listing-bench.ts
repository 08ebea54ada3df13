import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadConfig } from '../../src/server/config';
import { createDuckdbFileSourcesStore } from '../../src/server/file-sources/duckdb-file-sources-store';
import { startup } from '../../src/server/startup';
import { legacyJson, profiledRecord, saveRecord } from '../lib/file-source-record';
import { percentile, timeMs } from '../lib/stats';
import { makeTempDir } from '../lib/temp-dir';
import { seedFileSources } from './seed-file-sources';

export interface Timing {
  medianMs: number;
  p99Ms: number;
}

export interface ListingResult {
  rows: number;
  calls: number;
  store: Timing;
  bareSql: Timing;
  legacyEntries: number;
  legacyMb: number;
  legacyParse: Timing;
}

const LIMIT = 50;
const WARM_UPS = 10;

/**
 * `fileSources.list` as the store runs it (a connection per call, count + a page found through a
 * quantile band, rows to JS), against the plain way on the raw engine (count + ORDER BY … LIMIT/
 * OFFSET on one open connection), and against the legacy app's way of listing: parse the whole
 * JSON file.
 */
export async function listingBench(rows: number, calls: number, legacyEntries: number, legacyParses: number): Promise<ListingResult> {
  const temp = makeTempDir('listing');
  const config = loadConfig({
    DUCKQUERY_DATA_DIR: path.join(temp.dir, 'data'),
    DUCKQUERY_CONFIG_DIR: path.join(temp.dir, 'config'),
    DUCKQUERY_SKIP_LEGACY_IMPORT: 'true',
  } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv);
  const { database } = await startup(config);
  try {
    await seedFileSources(database, rows);
    const offsets = Array.from({ length: WARM_UPS + calls }, () => Math.floor(Math.random() * (rows - LIMIT)));

    const store = createDuckdbFileSourcesStore(database);
    const storeTimes = await timeEach(offsets, (offset) =>
      store.list({ limit: LIMIT, offset, includeProfiles: false, sortBy: 'created_at', sortDirection: 'desc' }),
    );
    const bareTimes = await database.read((connection) => timeEach(offsets, (offset) => bareList(connection, offset)));
    const legacy = legacyParseTimes(temp.dir, legacyEntries, legacyParses);
    return {
      rows,
      calls,
      store: summary(storeTimes),
      bareSql: summary(bareTimes),
      legacyEntries,
      legacyMb: legacy.mb,
      legacyParse: summary(legacy.times),
    };
  } finally {
    database.close();
    temp.remove();
  }
}

/** The plain way: count + a sorted page, on a connection kept open, rows left as DuckDB values. */
async function bareList(connection: DuckDBConnection, offset: number): Promise<void> {
  await connection.runAndReadAll('SELECT count(*) AS n FROM system_file_sources');
  const page = await connection.runAndReadAll(
    `SELECT source_id, filename, file_path, file_type, row_count, column_count, columns, schema_version, extra,
       created_at, updated_at, NULL AS column_profiles
     FROM system_file_sources ORDER BY created_at DESC NULLS LAST, source_id LIMIT $limit OFFSET $offset`,
    { limit: LIMIT, offset },
  );
  page.getRows();
}

/** Times calls in sequence; the first WARM_UPS are dropped. */
async function timeEach(offsets: number[], call: (offset: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const offset of offsets) times.push(await timeMs(() => call(offset)));
  return times.slice(WARM_UPS);
}

/** Read + JSON.parse of a legacy file of `entries` entries, one in ten with 40 profiled columns. */
function legacyParseTimes(dir: string, entries: number, parses: number): { mb: number; times: number[] } {
  const file = path.join(dir, 'file-datasources.json');
  const created = '2025-10-20T14:03:11.123456+08:00';
  fs.writeFileSync(
    file,
    legacyJson(Array.from({ length: entries }, (_, i) => (i % 10 === 0 ? profiledRecord(`legacy_${i}`, 40, created) : { ...saveRecord(`legacy_${i}`), column_profiles: undefined, created_at: created }))),
  );
  const times: number[] = [];
  for (let i = 0; i < parses + 1; i++) {
    const start = performance.now();
    JSON.parse(fs.readFileSync(file, 'utf8'));
    times.push(performance.now() - start);
  }
  return { mb: fs.statSync(file).size / 1e6, times: times.slice(1) };
}

const summary = (times: number[]): Timing => ({ medianMs: percentile(times, 50), p99Ms: percentile(times, 99) });
