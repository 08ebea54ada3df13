import { fork, type ChildProcess } from 'node:child_process';
import { onCleanup } from './cleanup';

/** Messages between the bench and a worker process (see `workerMain`). */
type ToWorker = { type: 'go' };
type FromWorker<R> = { type: 'ready' } | { type: 'done'; result: R } | { type: 'failed'; error: string };

/**
 * Runs `count` worker processes of `script` (TypeScript, through tsx) with a start barrier:
 * every worker loads and prepares first, then all start together, so the wall time measured
 * here excludes process and module start-up. Returns each worker's result and the wall time
 * from "go" to the last result.
 */
export async function runWorkers<R>(
  script: string,
  count: number,
  argsOf: (index: number) => string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ results: R[]; wallMs: number }> {
  const children: ChildProcess[] = [];
  const stop = onCleanup(`kill workers of ${script}`, () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
  try {
    const outcomes = Array.from({ length: count }, (_, index) => {
      const child = fork(script, argsOf(index), { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      let markReady!: () => void;
      const ready = new Promise<void>((resolve) => (markReady = resolve));
      const done = new Promise<R>((resolve, reject) => {
        child.on('message', (message: FromWorker<R>) => {
          if (message.type === 'ready') markReady();
          else if (message.type === 'done') resolve(message.result);
          else reject(new Error(`worker ${index} of ${script} failed: ${message.error}`));
        });
        child.on('exit', (code) => reject(new Error(`worker ${index} of ${script} exited with code ${code}`)));
        child.on('error', reject);
      });
      done.catch(() => markReady()); // a worker that dies before "ready" must not hang the barrier
      return { ready, done };
    });
    await Promise.all(outcomes.map((o) => o.ready));
    const start = performance.now();
    for (const child of children) child.send({ type: 'go' } satisfies ToWorker);
    const results = await Promise.all(outcomes.map((o) => o.done));
    return { results, wallMs: performance.now() - start };
  } finally {
    stop();
  }
}

/** The worker side: prepare, report ready, wait for "go", run, send the result, exit. */
export async function workerMain<P, R>(prepare: () => Promise<P> | P, run: (prepared: P) => Promise<R> | R): Promise<void> {
  const send = (message: FromWorker<R>) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  try {
    const prepared = await prepare();
    const go = new Promise<void>((resolve) => process.once('message', (m: ToWorker) => m.type === 'go' && resolve()));
    await send({ type: 'ready' });
    await go;
    await send({ type: 'done', result: await run(prepared) });
  } catch (error) {
    await send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  process.disconnect();
}
