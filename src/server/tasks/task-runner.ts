import type { DuckDBConnection } from '@duckdb/node-api';
import type { AppContext } from '../app-context';
import { insertAuditRows } from '../audit/insert-audit-rows';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import { isDomainError } from '../errors';
import { log } from '../log';
import type { ProgressHandle } from '../progress/progress-registry';
import { processWide } from '../shared/process-wide';
import { landExternalTaskResult } from './land-external-task-result';
import { landTaskResult } from './land-task-result';
import { isExternal, type AsyncTask } from './task';
import { finishTask, markRunning } from './tasks-store';

interface QueuedTask {
  task: AsyncTask;
  table: string;
  ifExists: 'fail' | 'replace';
  progress: ProgressHandle;
}

interface RunningTask extends QueuedTask {
  controller: AbortController;
  cancelReason: string | null;
  connection: DuckDBConnection | null;
  done: Promise<void>;
}

/** Longest a task error message kept in the row (DuckDB quotes the query back). */
const MAX_ERROR = 4000;

/**
 * The bounded worker pool of async tasks, one per database (so per process). At most
 * DUCKQUERY_MAX_CONCURRENT_TASKS run at once; the rest wait in order. A cancel takes a queued task
 * out of the queue, or interrupts a running one's query on its own connection
 * (DuckDBConnection.interrupt()), after which the landing leaves no table and no file-source row.
 *
 * Progress is reported in phases (queued, checking query, running query, saving table, done):
 * DuckDB's node API does not expose a running query's progress, so rows are known only once the
 * query has written them.
 */
export class TaskRunner {
  private readonly queue: QueuedTask[] = [];
  private readonly running = new Map<string, RunningTask>();

  constructor(private readonly app: AppContext) {}

  enqueue(item: QueuedTask): void {
    this.queue.push(item);
    this.pump();
  }

  /**
   * Cancels a task this process holds and waits (up to `waitMs`) until it has stopped.
   * False when the task is not held here.
   */
  async cancel(taskId: string, reason: string, waitMs = 15_000): Promise<boolean> {
    const index = this.queue.findIndex((q) => q.task.task_id === taskId);
    if (index >= 0) {
      const [item] = this.queue.splice(index, 1);
      await this.app.database.write((c) => finishTask(c, taskId, cancelledOutcome(reason)));
      item!.progress.cancel();
      return true;
    }
    const run = this.running.get(taskId);
    if (!run) return false;
    run.cancelReason ??= reason;
    run.controller.abort();
    run.connection?.interrupt(); // landTable interrupts too; this also covers the guard's own steps
    await Promise.race([run.done, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    return true;
  }

  private pump(): void {
    while (this.running.size < this.app.config.tasks.maxConcurrent && this.queue.length > 0) {
      const item = this.queue.shift()!;
      const run: RunningTask = { ...item, controller: new AbortController(), cancelReason: null, connection: null, done: Promise.resolve() };
      this.running.set(item.task.task_id, run);
      run.done = this.execute(run)
        .catch((error: unknown) => this.endUnexpectedly(run, error))
        .finally(() => {
          this.running.delete(item.task.task_id);
          this.pump();
        });
    }
  }

  /** The runner's own bookkeeping failed (e.g. the database went away): end the task as failed if it still can. */
  private async endUnexpectedly(run: RunningTask, error: unknown): Promise<void> {
    const message = `The task stopped on an internal error: ${errorMessage(error)}`;
    log.error(`async task ${run.task.task_id}: ${message}`);
    run.progress.fail(message);
    await this.app.database.write((c) => finishTask(c, run.task.task_id, { status: 'failed', error_message: message })).catch(() => undefined);
  }

  private async execute(run: RunningTask): Promise<void> {
    const { database } = this.app;
    const { task, progress } = run;
    if (!(await database.write((c) => markRunning(c, task.task_id)))) return progress.cancel(); // ended meanwhile
    progress.update({ phase: 'checking query' });
    const started = performance.now();
    try {
      const onPhase = (phase: string, rows?: number) => progress.update({ phase, rowsDone: rows, rowsTotal: rows });
      const options = { table: run.table, ifExists: run.ifExists, signal: run.controller.signal, onPhase };
      const result = isExternal(task.datasource)
        ? await landExternalTaskResult(this.app, task, options)
        : await landTaskResult(this.app, task, { ...options, onConnection: (connection) => (run.connection = connection) });
      // Landed: the table exists, so the task succeeded even if a cancel came too late to stop it.
      await database.write((c) => finishTask(c, task.task_id, { status: 'success', result_info: result }));
      progress.update({ rowsDone: result.row_count, rowsTotal: result.row_count });
      progress.finish({ taskId: task.task_id, table: result.table_name, rowCount: result.row_count });
    } catch (error) {
      if (run.cancelReason !== null) {
        await database.write((c) => finishTask(c, task.task_id, cancelledOutcome(run.cancelReason!)));
        progress.cancel();
        return;
      }
      const message = taskErrorMessage(error);
      // The failure and its audit row in one write: whoever sees the task failed can read why.
      await database.write(async (c) => {
        if (!(await finishTask(c, task.task_id, { status: 'failed', error_message: message }))) return;
        await insertAuditRows(c, [
          {
            actor: task.actor,
            action: 'task.run',
            target_type: 'task',
            target_id: task.task_id,
            outcome: 'error',
            details: { table: run.table, error: message },
            duration_ms: performance.now() - started,
          },
        ]);
      });
      progress.fail(message);
    }
  }
}

function cancelledOutcome(reason: string) {
  return { status: 'cancelled' as const, error_message: `Cancelled: ${reason}`, metadata: { cancel_reason: reason } };
}

/** What the task's owner reads: our own errors as they are, DuckDB's (about their query) cut to size. */
function taskErrorMessage(error: unknown): string {
  const message = isDomainError(error) ? error.message : errorMessage(error);
  return message.length > MAX_ERROR ? `${message.slice(0, MAX_ERROR)}…` : message;
}

/**
 * The runner of an app's database. On globalThis: Next.js bundles this module once per route, and
 * a cancel arriving through one route must reach the task another route started.
 */
export function taskRunnerOf(app: AppContext): TaskRunner {
  const runners = processWide('duckquery.taskRunners', () => new WeakMap<Database, TaskRunner>());
  let runner = runners.get(app.database);
  if (!runner) runners.set(app.database, (runner = new TaskRunner(app)));
  return runner;
}
