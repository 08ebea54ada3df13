import { fmt, table, verdict } from '../lib/markdown';
import type { SavesResult } from '../saves/saves-result';
import type { BuildInfo } from '../server/duckquery-server';

export const SAVES_GOALS = { lost: 0, savesPerSecond: 1000, p99Ms: 50 };

type Outcome = (SavesResult & { firstError?: string | null; build?: BuildInfo }) | { error: string };
const ok = (o: Outcome): o is SavesResult => !('error' in o);

/** Legacy and DuckQuery side by side, with the goals judged on DuckQuery. */
export function savesTable(writers: number, perWriter: number, legacy: Outcome, duckquery: Outcome): string {
  const cell = (o: Outcome, pick: (r: SavesResult) => string) => (ok(o) ? pick(o) : 'not measured');
  const dq = ok(duckquery) ? duckquery : null;
  const ratio = ok(legacy) && dq ? `${fmt(dq.savesPerSecond / legacy.savesPerSecond, 2)}×` : 'n/a';
  const yesNo = (b: boolean | null) => (b === null ? 'n/a (no file)' : b ? 'yes' : 'no');
  const rows: string[][] = [
    [`entries lost (of ${writers * perWriter})`, cell(legacy, (r) => String(r.lost)), cell(duckquery, (r) => String(r.lost)), '', `${SAVES_GOALS.lost}`, verdict(dq && dq.lost === SAVES_GOALS.lost)],
    ['final file corrupt', cell(legacy, (r) => yesNo(r.finalFileCorrupt)), cell(duckquery, (r) => yesNo(r.finalFileCorrupt)), '', '', ''],
    ['torn reads taken as an empty list', cell(legacy, (r) => String(r.corruptReads)), cell(duckquery, () => 'n/a'), '', '', ''],
    ['saves answered with an error', cell(legacy, (r) => String(r.failedSaves)), cell(duckquery, (r) => String(r.failedSaves)), '', '', ''],
    ['saves/s', cell(legacy, (r) => fmt(r.savesPerSecond, 0)), cell(duckquery, (r) => fmt(r.savesPerSecond, 0)), ratio, `≥ ${SAVES_GOALS.savesPerSecond}`, verdict(dq && dq.savesPerSecond >= SAVES_GOALS.savesPerSecond)],
    ['latency p50 (ms)', cell(legacy, (r) => fmt(r.p50Ms)), cell(duckquery, (r) => fmt(r.p50Ms)), '', '', ''],
    ['latency p99 (ms)', cell(legacy, (r) => fmt(r.p99Ms)), cell(duckquery, (r) => fmt(r.p99Ms)), '', `≤ ${SAVES_GOALS.p99Ms}`, verdict(dq && dq.p99Ms <= SAVES_GOALS.p99Ms)],
    ['wall time (s)', cell(legacy, (r) => fmt(r.wallMs / 1000, 2)), cell(duckquery, (r) => fmt(r.wallMs / 1000, 2)), '', '', ''],
    ['server peak RSS, VmHWM (MB)', cell(legacy, () => 'n/a (no server)'), cell(duckquery, (r) => fmt(r.peakRssMb, 0)), '', '', ''],
  ];
  const errors = [legacy, duckquery].flatMap((o, i) => (ok(o) ? [] : [`- ${i === 0 ? 'legacy' : 'DuckQuery'} not measured: ${o.error}`]));
  const firstError = dq?.firstError ? [`- first DuckQuery save error: ${dq.firstError}`] : [];
  const build = dq?.build
    ? [`- server build ${dq.build.id} of ${dq.build.builtAt.toISOString()}${dq.build.stale ? ' (**older than the working-tree sources**: the server ran that build)' : ', up to date with the sources'}`]
    : [];
  return [table(['', 'legacy JSON file', 'DuckQuery (HTTP tRPC)', 'DuckQuery / legacy', 'goal', 'DuckQuery vs goal'], rows), ...errors, ...firstError, ...build].join('\n');
}
