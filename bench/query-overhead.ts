/**
 * Issue 4's bench: the same 20 queries through the tRPC endpoint (the real route handler of
 * `/api/trpc`, called in-process with a Request: HTTP parsing, auth and CSRF checks, superjson,
 * the statement guard, a connection per query, serialisation, JSON) against the same SQL run
 * directly on one open DuckDB connection of the same instance, rows read into JS. Per query the
 * median of each path; the overhead is their difference; the figure is the median over the 20.
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AppContext } from '../src/server/app-context';
import { fmt, table } from './lib/markdown';
import { median, percentile, timeMs } from './lib/stats';
import { makeTempDir } from './lib/temp-dir';

export interface QueryOverheadRow {
  name: string;
  rows: number;
  directMs: number;
  trpcMs: number;
  overheadMs: number;
}

export interface QueryOverheadResult {
  orderRows: number;
  rounds: number;
  perQuery: QueryOverheadRow[];
  medianOverheadMs: number;
  p90OverheadMs: number;
  medianDirectMs: number;
  medianTrpcMs: number;
}

/** [label, SQL]; results stay within one page (10 000 rows), so both paths return the same rows. */
const QUERIES: [string, string][] = [
  ['constant', 'SELECT 1'],
  ['count(*) of orders', 'SELECT count(*) FROM orders'],
  ['point lookup, orders', 'SELECT * FROM orders WHERE id = 123456'],
  ['point lookup, customers', 'SELECT * FROM customers WHERE id = 42'],
  ['group by status', 'SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY status'],
  ['join + group by region', 'SELECT c.region, sum(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.region ORDER BY 1'],
  ['top 10 by amount', 'SELECT * FROM orders ORDER BY amount DESC, id LIMIT 10'],
  ['100 rows', 'SELECT * FROM orders LIMIT 100'],
  ['1 000 rows', 'SELECT * FROM orders LIMIT 1000'],
  ['10 000 rows (all customers)', 'SELECT * FROM customers'],
  ['avg / min / max', 'SELECT avg(amount), min(created_at), max(created_at) FROM orders'],
  ['top 20 customers', 'SELECT customer_id, count(*) AS n FROM orders GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20'],
  ['monthly totals', `SELECT date_trunc('month', created_at) AS m, sum(amount) AS total FROM orders GROUP BY 1 ORDER BY 1`],
  ['filtered page', `SELECT * FROM orders WHERE status = 'refunded' AND amount > 900 ORDER BY id LIMIT 50`],
  ['count distinct', 'SELECT count(DISTINCT customer_id) FROM orders'],
  ['CTE + window', 'WITH ranked AS (SELECT id, customer_id, row_number() OVER (PARTITION BY customer_id ORDER BY amount DESC) AS r FROM orders WHERE customer_id < 100) SELECT * FROM ranked WHERE r = 1 ORDER BY customer_id'],
  ['lists', 'SELECT region, list(id ORDER BY id)[1:3] AS first_ids FROM customers GROUP BY region ORDER BY region'],
  ['structs, 500 rows', `SELECT {'id': id, 'amount': amount, 'at': created_at} AS s FROM orders ORDER BY id LIMIT 500`],
  ['a system table', 'SELECT * FROM system_sql_favorites'],
  ['median amount', 'SELECT quantile_cont(amount, 0.5) FROM orders'],
];

export async function queryOverheadBench({ orderRows = 1_000_000, rounds = 15, warmUps = 3 } = {}): Promise<QueryOverheadResult> {
  const temp = makeTempDir('query-overhead');
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('DUCKQUERY_')) delete process.env[key];
  Object.assign(process.env, {
    DUCKQUERY_DATA_DIR: path.join(temp.dir, 'data'),
    DUCKQUERY_CONFIG_DIR: path.join(temp.dir, 'config'),
    DUCKQUERY_SKIP_LEGACY_IMPORT: 'true',
    DUCKQUERY_RATE_LIMITS: 'off',
  });
  // The route handler finds the process app through getApp(): the app of these variables.
  const { getApp } = await import('../src/server/db/instance');
  const route = await import('../src/app/api/trpc/[trpc]/route');
  const app = await getApp();
  try {
    await seed(app, orderRows);
    return await app.database.read(async (direct) => {
      const perQuery: QueryOverheadRow[] = [];
      for (const [name, sql] of QUERIES) {
        const directTimes: number[] = [];
        const trpcTimes: number[] = [];
        let rows = 0;
        for (let round = 0; round < warmUps + rounds; round++) {
          const d = await timeMs(() => runDirect(direct, sql));
          const t = await timeMs(async () => (rows = await runTrpc(route.POST, sql)));
          if (round >= warmUps) (directTimes.push(d), trpcTimes.push(t));
        }
        const directMs = median(directTimes);
        const trpcMs = median(trpcTimes);
        perQuery.push({ name, rows, directMs, trpcMs, overheadMs: trpcMs - directMs });
      }
      const overheads = perQuery.map((q) => q.overheadMs);
      return {
        orderRows,
        rounds,
        perQuery,
        medianOverheadMs: median(overheads),
        p90OverheadMs: percentile(overheads, 90),
        medianDirectMs: median(perQuery.map((q) => q.directMs)),
        medianTrpcMs: median(perQuery.map((q) => q.trpcMs)),
      };
    });
  } finally {
    app.database.close();
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('duckquery.app')];
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    temp.remove();
  }
}

/** Test data: 1 M orders over 10 000 customers, written by the server's own (trusted) connection. */
async function seed(app: AppContext, orderRows: number): Promise<void> {
  await app.database.read(async (connection) => {
    await connection.run(`CREATE TABLE customers AS
      SELECT range AS id, 'customer ' || range AS name, ['north', 'south', 'east', 'west'][(range % 4) + 1] AS region FROM range(10000)`);
    await connection.run(`CREATE TABLE orders AS
      SELECT range AS id, (range * 7919) % 10000 AS customer_id, ((range * 104729) % 100000 / 100)::DECIMAL(12,2) AS amount,
             ['new', 'paid', 'shipped', 'refunded'][(range % 4) + 1] AS status,
             TIMESTAMPTZ '2024-01-01 00:00:00Z' + to_seconds((range * 31)::BIGINT) AS created_at
        FROM range(${orderRows})`);
  });
  await app.stores.favorites.create({ name: 'bench', sql: 'SELECT 1', type: 'duckdb', description: '', tags: [] });
}

/** The raw engine: one open connection, the rows read into JS. */
async function runDirect(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowsJS().length;
}

/** What a browser's tRPC client does: POST /api/trpc/query.run (superjson body), JSON answer parsed. */
async function runTrpc(post: (req: Request) => Promise<Response>, sql: string): Promise<number> {
  const response = await post(
    new Request('http://127.0.0.1:3000/api/trpc/query.run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { sql } }),
    }),
  );
  const body = (await response.json()) as { result?: { data: { json: { rowCount: number } } }; error?: unknown };
  if (!body.result) throw new Error(`query.run failed: ${JSON.stringify(body.error).slice(0, 500)}`);
  return body.result.data.json.rowCount;
}

/** Markdown for bench/results: the summary line and one row per query. */
export function queryOverheadTable(result: QueryOverheadResult | { error: string }): string {
  if ('error' in result) return `not measured: ${result.error}`;
  const rows = result.perQuery.map((q) => [q.name, q.rows.toLocaleString('en'), fmt(q.directMs, 2), fmt(q.trpcMs, 2), fmt(q.overheadMs, 2)]);
  return [
    `**Median per-query overhead: ${fmt(result.medianOverheadMs, 2)} ms** (p90 over the 20 queries ${fmt(result.p90OverheadMs, 2)} ms; ` +
      `median query ${fmt(result.medianDirectMs, 2)} ms direct, ${fmt(result.medianTrpcMs, 2)} ms through tRPC). ` +
      `${result.orderRows.toLocaleString('en')} orders, 10 000 customers; medians of ${result.rounds} alternating runs per path after warm-ups.`,
    '',
    table(['query', 'rows', 'direct (ms)', 'tRPC (ms)', 'overhead (ms)'], rows),
  ].join('\n');
}
