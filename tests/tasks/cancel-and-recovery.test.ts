import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERRUPTED_MESSAGE } from '@/server/tasks/task-housekeeping';
import { startup } from '@/server/startup';
import { openTestApp } from '../helpers/test-app';
import { makeTempDirs, testConfig } from '../helpers/test-database';
import { fileSourceRow, LONG_QUERY, rows, tablesLike, taskRow, until } from './task-test-helpers';

process.env.DUCKQUERY_RATE_LIMIT_QUERY ??= 'off';

describe('cancel', () => {
  // One worker: a second task waits in the queue, and a freed worker proves the first one stopped.
  let t: Awaited<ReturnType<typeof openTestApp>>;
  beforeAll(async () => {
    t = await openTestApp({ DUCKQUERY_MAX_CONCURRENT_TASKS: '1' });
  });
  afterAll(() => t.close());

  const status = (taskId: string) => t.caller.tasks.get({ taskId });

  it('interrupts a running query within moments, leaving no table, no file-source row and no staging table', async () => {
    const { task, progressId } = await t.caller.tasks.submit({ sql: LONG_QUERY, customTableName: 'never_lands' });
    await until(() => status(task.task_id), (x) => x.status === 'running');
    await new Promise((resolve) => setTimeout(resolve, 500)); // well inside DuckDB's scan by now
    expect((await status(task.task_id)).status).toBe('running'); // it would run for minutes
    expect(await t.caller.progress.get({ id: progressId })).toMatchObject({ kind: 'task', state: 'running', phase: 'running query', label: 'never_lands' });

    const asked = performance.now();
    const cancelled = await t.caller.tasks.cancel({ taskId: task.task_id, reason: 'changed my mind' });
    const stoppedInMs = performance.now() - asked;
    expect(stoppedInMs).toBeLessThan(3000);
    expect(cancelled).toMatchObject({ status: 'cancelled', error_message: 'Cancelled: changed my mind', metadata: { cancel_reason: 'changed my mind' }, result_info: null });
    expect(cancelled.started_at).not.toBeNull();
    expect(cancelled.execution_time).toBeGreaterThan(0.4);

    expect(await tablesLike(t.database, 'never_lands')).toEqual([]);
    expect(await tablesLike(t.database, '\\_dq\\_staging%')).toEqual([]);
    expect(await fileSourceRow(t.database, 'never_lands')).toBeNull();
    expect(await t.caller.progress.get({ id: progressId })).toMatchObject({ state: 'cancelled' });

    // The only worker is free again: a new task runs to the end straight away.
    const started = performance.now();
    const { task: next } = await t.caller.tasks.submit({ sql: 'SELECT 1 AS x' });
    await until(() => status(next.task_id), (x) => x.status === 'success', 3000);
    expect(performance.now() - started).toBeLessThan(3000);

    const audit = await t.caller.migrations.auditLog({ action: 'task.cancel', targetId: task.task_id });
    expect(audit.items[0]).toMatchObject({ outcome: 'ok', details: { reason: 'changed my mind', status: 'cancelled' } });
  });

  it('cancels a queued task without ever running it', async () => {
    const { task: blocker } = await t.caller.tasks.submit({ sql: LONG_QUERY });
    await until(() => status(blocker.task_id), (x) => x.status === 'running');
    const { task: waiting } = await t.caller.tasks.submit({ sql: 'SELECT 1 AS x', customTableName: 'queued_only' });
    expect((await status(waiting.task_id)).status).toBe('queued');

    const cancelled = await t.caller.tasks.cancel({ taskId: waiting.task_id });
    expect(cancelled).toMatchObject({ status: 'cancelled', started_at: null, execution_time: null, error_message: 'Cancelled: cancelled by the user' });
    await t.caller.tasks.cancel({ taskId: blocker.task_id });
    await new Promise((resolve) => setTimeout(resolve, 200)); // a wrongly dequeued task would have run by now
    expect((await status(waiting.task_id)).status).toBe('cancelled');
    expect(await tablesLike(t.database, 'queued_only')).toEqual([]);
    expect(await fileSourceRow(t.database, 'queued_only')).toBeNull();
  });

  it('judges the query again right before it runs: a table dropped while the task waited fails it cleanly', async () => {
    await t.caller.query.run({ sql: 'CREATE TABLE soon_gone AS SELECT 1 AS x' });
    const { task: blocker } = await t.caller.tasks.submit({ sql: LONG_QUERY });
    await until(() => status(blocker.task_id), (x) => x.status === 'running');
    const { task: waiting } = await t.caller.tasks.submit({ sql: 'SELECT x FROM soon_gone', customTableName: 'copy_of_gone' });
    await t.caller.query.run({ sql: 'DROP TABLE soon_gone' });
    await t.caller.tasks.cancel({ taskId: blocker.task_id });
    const failed = await until(() => status(waiting.task_id), (x) => x.status === 'failed');
    expect(failed.error_message).toMatch(/soon_gone does not exist/);
    expect(await tablesLike(t.database, 'copy_of_gone')).toEqual([]);
    expect(await fileSourceRow(t.database, 'copy_of_gone')).toBeNull();
  });

  it('refuses to cancel a task that has ended', async () => {
    const { task } = await t.caller.tasks.submit({ sql: 'SELECT 1 AS x' });
    await until(() => status(task.task_id), (x) => x.status === 'success');
    await expect(t.caller.tasks.cancel({ taskId: task.task_id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/already ended \(success\)/),
    });
    expect((await status(task.task_id)).status).toBe('success');
  });
});

describe('the worker pool', () => {
  it('runs at most DUCKQUERY_MAX_CONCURRENT_TASKS at once, in order; a freed worker takes the next queued task', async () => {
    const t = await openTestApp({ DUCKQUERY_MAX_CONCURRENT_TASKS: '2' });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await t.caller.tasks.submit({ sql: LONG_QUERY })).task.task_id);
      const statuses = async () => Promise.all(ids.map(async (taskId) => (await t.caller.tasks.get({ taskId })).status));
      expect(await until(statuses, (s) => s[0] === 'running' && s[1] === 'running')).toEqual(['running', 'running', 'queued']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await statuses())[2]).toBe('queued'); // still waiting: both workers are busy

      await t.caller.tasks.cancel({ taskId: ids[0]! });
      expect(await until(statuses, (s) => s[2] === 'running')).toEqual(['cancelled', 'running', 'running']);
      for (const taskId of ids.slice(1)) await t.caller.tasks.cancel({ taskId });
      expect(await statuses()).toEqual(['cancelled', 'cancelled', 'cancelled']);
    } finally {
      t.close();
    }
  });
});

describe('crash recovery', () => {
  it('marks tasks a crash left queued or running as failed when the server starts again', async () => {
    const dirs = makeTempDirs();
    const config = testConfig(dirs, { DUCKQUERY_SKIP_LEGACY_IMPORT: 'true' });
    try {
      const first = await startup(config);
      // What a crash leaves behind: rows still queued and running, and one that had ended.
      await first.database.transaction(async (connection) => {
        for (const [id, state, started] of [
          ['crashed_running', 'running', 'now()'],
          ['crashed_queued', 'queued', 'NULL'],
          ['ended_ok', 'success', 'now()'],
        ] as const) {
          await connection.run(
            `INSERT INTO system_async_tasks (task_id, status, query, created_at, started_at, actor) VALUES ($1, $2, 'SELECT 1', now(), ${started}, 'tester')`,
            [id, state],
          );
        }
      });
      first.database.close();

      const second = await startup(config);
      try {
        expect(await taskRow(second.database, 'crashed_running')).toMatchObject({ status: 'failed', error_message: INTERRUPTED_MESSAGE });
        expect((await taskRow(second.database, 'crashed_running'))!.completed_at).toBeInstanceOf(Date);
        expect(await taskRow(second.database, 'crashed_queued')).toMatchObject({ status: 'failed', error_message: INTERRUPTED_MESSAGE, started_at: null });
        expect(await taskRow(second.database, 'ended_ok')).toMatchObject({ status: 'success', error_message: null });
        const audit = await rows(second.database, `SELECT details FROM system_audit_log WHERE action = 'task.recover'`);
        expect(JSON.parse(String(audit[0]!.details)).failed_tasks.sort()).toEqual(['crashed_queued', 'crashed_running']);
      } finally {
        second.database.close();
      }
    } finally {
      dirs.cleanup();
    }
  });
});
