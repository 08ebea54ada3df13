import { loadConfig } from '../config';
import { Database } from './database';
import { startup, type StartupReport } from '../startup';

/**
 * The process-wide database, opened lazily once.
 *
 * Cached on globalThis because Next.js may load this module more than once (instrumentation and
 * each route bundle, dev reloads): opening the same file twice in one process can silently lose
 * writes. Never called at module top level, so `next build` never opens the database.
 */
interface ProcessDatabase {
  database: Database;
  startupReport: StartupReport;
}

const globalKey = Symbol.for('duckquery.database');
type GlobalWithDatabase = typeof globalThis & { [globalKey]?: Promise<ProcessDatabase> };

export function getProcessDatabase(): Promise<ProcessDatabase> {
  const g = globalThis as GlobalWithDatabase;
  g[globalKey] ??= startup(loadConfig()).catch((error: unknown) => {
    delete g[globalKey]; // let the next request try again after a failed start
    throw error;
  });
  return g[globalKey];
}

export async function getDatabase(): Promise<Database> {
  return (await getProcessDatabase()).database;
}
