import type { ImportResult } from '../import/import-bench';
import { fmt, table, verdict } from '../lib/markdown';

export const IMPORT_GOAL_S = 20;

export function importTable(result: ImportResult | { error: string }): string {
  if ('error' in result) return `not measured: ${result.error}`;
  if ('skipped' in result) return `skipped: ${result.skipped}`;
  const seconds = result.wallMs / 1000;
  const row = [
    result.entries.toLocaleString('en'),
    fmt(result.mb, 1),
    fmt(seconds, 2),
    `exit ${result.exitCode}, ${result.status}`,
    String(result.inserted ?? 'n/a'),
    `≤ ${IMPORT_GOAL_S} s`,
    verdict(result.problem === null && seconds <= IMPORT_GOAL_S),
  ];
  return [
    table(['file sources (40-column profiles)', 'JSON (MB)', 'wall (s), process start included', 'outcome', 'inserted', 'goal', 'verdict'], [row]),
    ...(result.problem ? [`- problem: ${result.problem}`] : []),
  ].join('\n');
}
