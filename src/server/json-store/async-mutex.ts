import { processWide } from '../shared/process-wide';

/**
 * One queue per key (an absolute file path) for this process. The queues live on `globalThis`:
 * Next.js can load a module twice (dev reload, instrumentation and route bundles), and two copies
 * of this module must still serialise on the same file.
 */
function queues(): Map<string, Promise<void>> {
  return processWide('duckquery.json-store.mutex', () => new Map<string, Promise<void>>());
}

/** Runs `work` after every earlier `withMutex(key, …)` of this process has settled. */
export function withMutex<T>(key: string, work: () => Promise<T>): Promise<T> {
  const tails = queues();
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(work);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
