import mysql from 'mysql2/promise';
import pg from 'pg';
import { beforeAll, beforeEach } from 'vitest';

/**
 * The real test servers started by scripts/ci/start-db-servers.sh (`npm run test:connectors`
 * starts them, then runs this folder). Env vars override the defaults, which match the script.
 */
const env = (name: string, fallback: string) => process.env[name] || fallback;

export const PG = {
  host: env('DQ_TEST_PG_HOST', '127.0.0.1'),
  port: Number(env('DQ_TEST_PG_PORT', '5432')),
  user: env('DQ_TEST_PG_USER', 'duckquery_test'),
  password: env('DQ_TEST_PG_PASSWORD', 'duckquery-test-pw'),
  database: env('DQ_TEST_PG_DATABASE', 'duckquery_test'),
};

/** The test server's self-signed certificate (the script turns TLS on with it): the CA for verify-full. */
export const PG_CA_FILE = env('DQ_TEST_PG_CA_FILE', '/var/lib/postgresql/duckquery-test-ca.crt');

export const MYSQL = {
  host: env('DQ_TEST_MYSQL_HOST', '127.0.0.1'),
  port: Number(env('DQ_TEST_MYSQL_PORT', '3306')),
  user: env('DQ_TEST_MYSQL_USER', 'duckquery_test'),
  password: env('DQ_TEST_MYSQL_PASSWORD', 'duckquery-test-pw'),
  database: env('DQ_TEST_MYSQL_DATABASE', 'duckquery_test'),
};

/** Unreachable servers fail the tests, never skip them: in CI plainly, elsewhere with what to run. */
function unreachable(what: string, error: unknown): Error {
  const why = error instanceof Error ? error.message : String(error);
  if (process.env.CI === 'true') return new Error(`${what} is not reachable in CI (scripts/ci/start-db-servers.sh should have started it): ${why}`);
  return new Error(`${what} is not reachable (${why}). Start the test servers and run these tests with: npm run test:connectors`);
}

/** A direct pg client on the test database, to set up fixtures. */
export async function pgAdmin(): Promise<pg.Client> {
  const client = new pg.Client({ ...PG, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw unreachable(`PostgreSQL at ${PG.host}:${PG.port}`, error);
  }
  return client;
}

/** A direct mysql2 connection on the test database, to set up fixtures. */
export async function mysqlAdmin(): Promise<mysql.Connection> {
  try {
    return await mysql.createConnection({ ...MYSQL, connectTimeout: 5000, multipleStatements: true });
  } catch (error) {
    throw unreachable(`MariaDB/MySQL at ${MYSQL.host}:${MYSQL.port}`, error);
  }
}

/** A TCP port on loopback that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Names unique to one test file (files run in parallel against the same servers). */
export function uniquePrefix(name: string): string {
  return `${name}_${process.pid}_${Date.now().toString(36)}`;
}

/**
 * A test file's set-up against the servers. When it fails (a server is down), every test of the
 * file fails with the reason: a failing beforeAll alone would only mark them skipped, and a CI
 * summary would count no failure.
 */
export function setUpOrFailEach(setup: () => Promise<void>, timeoutMs = 60_000): void {
  let failure: unknown = null;
  beforeAll(async () => {
    try {
      await setup();
    } catch (error) {
      failure = error;
    }
  }, timeoutMs);
  beforeEach(() => {
    if (failure) throw failure;
  });
}
