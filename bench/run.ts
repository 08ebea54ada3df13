/**
 * npm run bench — issue 2's figures in one run: concurrent saves (legacy JSON file vs the
 * DuckQuery server), listing 100 000 file sources, and the legacy import. Prints markdown and
 * writes the same to bench/results/latest.md. Not part of the test run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importBench } from './import/import-bench';
import { runCleanups } from './lib/cleanup';
import { listingBench } from './listing/listing-bench';
import { importTable } from './report/import-table';
import { listingTable } from './report/listing-table';
import { runHeader } from './report/run-header';
import { savesTable } from './report/saves-table';
import { duckquerySaves } from './saves/duckquery-saves';
import { legacySaves } from './saves/legacy-saves';
import { queryOverheadBench, queryOverheadTable } from './query-overhead';
import { connectorImportBench, connectorImportTable } from './connectors-import';
import { ingestUploadBench, ingestUploadTable } from './ingest-upload';

const WRITERS = 8;
const SAVES_PER_WRITER = 500;
const LIST_ROWS = 100_000;
const LIST_CALLS = 200;
const LEGACY_LIST_ENTRIES = 10_000;
const LEGACY_PARSES = 10;
const IMPORT_ENTRIES = 5_000;
const IMPORT_PROFILED_COLUMNS = 40;

/** A section's result, or the reason it could not be measured (never a made-up figure). */
async function attempt<T>(name: string, work: () => Promise<T>): Promise<T | { error: string }> {
  console.error(`… ${name}`);
  try {
    return await work();
  } catch (error) {
    console.error(`${name} failed:`, error);
    return { error: (error instanceof Error ? error.message : String(error)).split('\n')[0]! };
  }
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const legacy = await attempt('legacy saves', () => legacySaves(WRITERS, SAVES_PER_WRITER));
  const duckquery = await attempt('DuckQuery saves', () => duckquerySaves(WRITERS, SAVES_PER_WRITER));
  const listing = await attempt('listing', () => listingBench(LIST_ROWS, LIST_CALLS, LEGACY_LIST_ENTRIES, LEGACY_PARSES));
  const imported = await attempt('legacy import', () => importBench(IMPORT_ENTRIES, IMPORT_PROFILED_COLUMNS));
  const queries = await attempt('query overhead', () => queryOverheadBench());
  const connectorImport = await attempt('connector import', () => connectorImportBench());
  const ingestUpload = await attempt('ingestion: upload vs raw DuckDB', () => ingestUploadBench());
  const totalS = (Date.now() - startedAt.getTime()) / 1000;

  const markdown = [
    '# DuckQuery bench (issues 2 to 5)',
    '',
    runHeader(startedAt, loadAtStart),
    `- whole bench: ${totalS.toFixed(0)} s`,
    '',
    `## 1. Concurrent saves: ${WRITERS} writers × ${SAVES_PER_WRITER} saves of ~2 KB file-source records`,
    '',
    savesTable(WRITERS, SAVES_PER_WRITER, legacy, duckquery),
    '',
    `Legacy: ${WRITERS} processes, each save reads and parses the whole JSON array (an unparsable read counts as an empty list, ` +
      'as the Python fallback did), appends, and rewrites the file in place (no lock, no temp file). ' +
      `DuckQuery: \`next start\` (production build) on fresh dirs; ${WRITERS} client processes (one per writer, so client-side ` +
      'JSON work does not limit the server), each doing sequential `fileSources.upsert` mutations with `httpLink` + superjson ' +
      'over one keep-alive `node:http` connection (Node 20\'s fetch cost the clients more CPU than the server spends per save). ' +
      'Both: processes start behind a barrier; wall time runs from "go" to the last save; latency is per save as the writer sees it. ' +
      'Lost = saves missing afterwards (legacy: distinct source_ids in the final file; DuckQuery: `fileSources.list` total).',
    '',
    `## 2. Listing ${LIST_ROWS.toLocaleString('en')} file sources (10 % with 40-column profiles), ${LIST_CALLS} calls after 10 warm-ups`,
    '',
    listingTable(listing),
    '',
    `## 3. Legacy import: ${IMPORT_ENTRIES.toLocaleString('en')} file sources with ${IMPORT_PROFILED_COLUMNS}-column profiles, \`tsx scripts/migrate.ts --json\``,
    '',
    importTable(imported),
    '',
    '## 4. Query overhead: the same 20 queries through the tRPC endpoint vs directly on a DuckDB connection',
    '',
    queryOverheadTable(queries),
    '',
    '## 5. Importing a 1 M-row PostgreSQL table into DuckDB vs reading it with the bare driver',
    '',
    connectorImportTable(connectorImport),
    '',
    '## 6. Ingestion: a generated CSV (10 M rows, mixed types, ~1 GB; DQ_BENCH_INGEST_ROWS) and its Parquet twin, raw DuckDB vs DuckQuery\'s upload',
    '',
    ingestUploadTable(ingestUpload),
    '',
  ].join('\n');

  console.log(markdown);
  const out = path.join(import.meta.dirname, 'results', 'latest.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, markdown);
  console.error(`written to ${path.relative(process.cwd(), out)}`);
  return [legacy, duckquery, listing, imported, queries, connectorImport, ingestUpload].some((r) => 'error' in r) ? 1 : 0;
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(runCleanups);
