import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createCaller } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import type { AppContext } from '@/server/app-context';
import { startup } from '@/server/startup';
import { createStores } from '@/server/stores';
import { makeTempDirs, testConfig } from '../helpers/test-database';

/** An app over a real DuckDB file that a test can stop and start again over the same files (a server restart). */
export async function openRestartableApp(env: Record<string, string> = {}) {
  const dirs = makeTempDirs('duckquery-uploads-');
  const config = testConfig(dirs, { DUCKQUERY_SKIP_LEGACY_IMPORT: 'true', DUCKQUERY_RATE_LIMITS: 'off', ...env });
  const start = async () => {
    const { app, database } = await startup(config);
    const appContext: AppContext = { ...app, stores: createStores(config, database) };
    const callerAs = async (actor: string, role: 'admin' | 'user' = 'admin') =>
      createCaller(await createTRPCContext({ headers: new Headers(), app: appContext, actor, principal: { role, actor, via: 'bearer' } }));
    return { app: appContext, caller: await callerAs('tester'), callerAs };
  };
  let current = await start();
  return {
    ...dirs,
    config,
    get app() {
      return current.app;
    },
    get caller() {
      return current.caller;
    },
    callerAs: (actor: string, role: 'admin' | 'user' = 'admin') => current.callerAs(actor, role),
    async restart() {
      current.app.database.close();
      current = await start();
    },
    close() {
      current.app.database.close();
      dirs.cleanup();
    },
  };
}

export function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** A readable byte source, as the multipart route hands a chunk to the procedure. */
export async function* bytes(data: Buffer | string, pieceSize = 7): AsyncIterable<Uint8Array> {
  const buffer = typeof data === 'string' ? Buffer.from(data) : data;
  for (let i = 0; i < buffer.length; i += pieceSize) yield buffer.subarray(i, i + pieceSize);
}

/** Every file under `dir`, relative, sorted (to prove nothing stray is left). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(dir, p)).isFile()).sort();
}

export function chunksOf(data: Buffer, chunkSize: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  return chunks;
}

/** The tables of the main schema, and the file-source rows: what a failed upload must not leave. */
export async function tablesAndSources(app: AppContext) {
  return app.database.read(async (c) => {
    const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, 'system_') ORDER BY 1`)).getRowsJS().map((r) => String(r[0]));
    const sources = (await c.runAndReadAll(`SELECT source_id FROM system_file_sources ORDER BY 1`)).getRowsJS().map((r) => String(r[0]));
    return { tables, sources };
  });
}
