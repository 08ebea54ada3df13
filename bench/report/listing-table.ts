import type { ListingResult } from '../listing/listing-bench';
import { fmt, table, verdict } from '../lib/markdown';

export const LISTING_GOALS = { medianMs: 10, p99Ms: 25 };

/** The store's list against the raw engine and the legacy whole-file parse. */
export function listingTable(result: ListingResult | { error: string }): string {
  if ('error' in result) return `not measured: ${result.error}`;
  const { store, bareSql, legacyParse } = result;
  const rows = [
    [
      '`store.list` (a connection per call; count + page; rows to JS objects)',
      fmt(store.medianMs, 2),
      fmt(store.p99Ms, 2),
      `median ≤ ${LISTING_GOALS.medianMs}, p99 ≤ ${LISTING_GOALS.p99Ms}`,
      `median ${verdict(store.medianMs <= LISTING_GOALS.medianMs)}, p99 ${verdict(store.p99Ms <= LISTING_GOALS.p99Ms)}`,
    ],
    ['raw engine, plain sort: count + `ORDER BY … LIMIT/OFFSET` on one open connection, rows left as DuckDB values', fmt(bareSql.medianMs, 2), fmt(bareSql.p99Ms, 2), 'reference', ''],
    [`legacy: read + \`JSON.parse\` of a ${result.legacyEntries.toLocaleString('en')}-entry file (${fmt(result.legacyMb, 1)} MB)`, fmt(legacyParse.medianMs, 2), fmt(legacyParse.p99Ms, 2), 'reference', ''],
  ];
  return [
    table(['one page (limit 50, random offset, created_at desc, no profiles)', 'median (ms)', 'p99 (ms)', 'goal', 'verdict'], rows),
    '',
    `Ratios (medians): store / raw engine = ${fmt(store.medianMs / bareSql.medianMs, 2)}×; ` +
      `legacy parse of ${result.legacyEntries.toLocaleString('en')} entries / store page over ${result.rows.toLocaleString('en')} rows = ${fmt(legacyParse.medianMs / store.medianMs, 2)}×.`,
  ].join('\n');
}
