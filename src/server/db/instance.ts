import type { AppContext } from '../app-context';
import { loadConfig } from '../config';
import { processWide } from '../shared/process-wide';
import { startup, type StartupReport } from '../startup';

/**
 * The process-wide app (one DuckDB instance), started lazily once.
 *
 * Cached on globalThis because Next.js may load this module more than once (instrumentation and
 * each route bundle, dev reloads): opening the same file twice in one process can silently lose
 * writes. Never called at module top level, so `next build` never opens the database.
 */
interface ProcessApp {
  app: AppContext;
  startupReport: StartupReport;
}

export function getProcessApp(): Promise<ProcessApp> {
  const holder = processWide('duckquery.app', (): { started?: Promise<ProcessApp> } => ({}));
  holder.started ??= startup(loadConfig()).catch((error: unknown) => {
    delete holder.started; // the next request tries again, after the cause is fixed
    throw error;
  });
  return holder.started;
}

export async function getApp(): Promise<AppContext> {
  return (await getProcessApp()).app;
}
