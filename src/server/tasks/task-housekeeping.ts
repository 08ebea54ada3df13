import { insertAuditRows } from '../audit/insert-audit-rows';
import type { AppConfig } from '../config';
import type { Database } from '../db/database';
import { log } from '../log';
import { processWide } from '../shared/process-wide';
import { deleteExpiredExports } from './task-exports';
import { failUnfinishedTasks } from './tasks-store';

export const INTERRUPTED_MESSAGE =
  'The server stopped while this task was queued or running, so it did not finish and saved no table. Retry it to run it again.';

/** How often old exports are looked for while the server runs. */
const SWEEP_INTERVAL_MS = 5 * 60_000;

/**
 * At start-up, before any task can run: tasks a crash or restart left queued or running are
 * marked failed (their query died with the process; landTable left no table), and expired exports
 * are deleted. Then expired exports are swept periodically. Returns the ids marked failed.
 */
export async function startTaskHousekeeping(database: Database, config: AppConfig): Promise<string[]> {
  const failed = await database.write(async (connection) => {
    const ids = await failUnfinishedTasks(connection, INTERRUPTED_MESSAGE);
    if (ids.length > 0) {
      await insertAuditRows(connection, [
        { actor: 'system', action: 'task.recover', target_type: 'task', target_id: null, outcome: 'ok', details: { failed_tasks: ids } },
      ]);
    }
    return ids;
  });
  if (failed.length > 0) log.warn(`${failed.length} async task(s) left unfinished by the last run were marked failed`);
  sweepExportsPeriodically(config);
  return failed;
}

/** One sweep now and one timer per exports folder (start-up may run more than once in a process: tests, retries). */
function sweepExportsPeriodically(config: AppConfig): void {
  const sweep = () => {
    const deleted = deleteExpiredExports(config.exportsDir, config.tasks.exportTtlMs);
    if (deleted > 0) log.info(`deleted ${deleted} expired task export(s)`);
  };
  sweep();
  const sweepers = processWide('duckquery.exportSweepers', () => new Map<string, NodeJS.Timeout>());
  clearInterval(sweepers.get(config.exportsDir));
  const timer = setInterval(sweep, Math.min(SWEEP_INTERVAL_MS, config.tasks.exportTtlMs));
  timer.unref(); // never keeps the process alive
  sweepers.set(config.exportsDir, timer);
}
