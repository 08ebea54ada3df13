import { notFound } from '../../errors';

/**
 * The abort switch of each URL import running in this process, by its progress id, so the UI
 * can stop one it started (the download and the import both honour the signal). On globalThis:
 * Next.js loads modules more than once.
 */
interface Running {
  actor: string;
  controller: AbortController;
}

const running: Map<string, Running> = ((globalThis as { __duckqueryUrlImports?: Map<string, Running> }).__duckqueryUrlImports ??= new Map());

export function trackUrlImport(progressId: string, actor: string): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  running.set(progressId, { actor, controller });
  return { signal: controller.signal, done: () => running.delete(progressId) };
}

/** Stops a running URL import; 404 when it is not running (finished, or someone else's). */
export function cancelUrlImport(progressId: string, caller: { actor: string; isAdmin: boolean }): void {
  const entry = running.get(progressId);
  if (!entry || (entry.actor !== caller.actor && !caller.isAdmin)) throw notFound('Running URL import', progressId);
  entry.controller.abort(new Error('The URL import was cancelled'));
}
