import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '@/server/api/root';
import { acquireE2eLock, buildIfStale, startServer, type RunningServer } from '../helpers/built-server';
import { makeTempDirs } from '../helpers/test-database';

/** Access control end to end: `npm start`'s script, the built server, the sign-in page and cookie. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const USER_TOKEN = 'e2e-user-token-0123456789abcdef';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const dirs = makeTempDirs('duckquery-e2e-auth-');
let server: RunningServer | undefined;
let releaseLock: () => void = () => undefined;

/** Runs a command to its end (at most `timeoutMs`) without any DuckQuery settings of ours. */
function runToExit(command: string, args: string[], env: Record<string, string>, timeoutMs = 60_000) {
  const childEnv: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
  for (const key of Object.keys(childEnv)) if (key.startsWith('DUCKQUERY_') || key.startsWith('VITEST')) delete childEnv[key];
  Object.assign(childEnv, { DUCKQUERY_DATA_DIR: dirs.dataDir, DUCKQUERY_CONFIG_DIR: dirs.configDir }, env);
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env: childEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const trpcWith = (headers: Record<string, string>) =>
  createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${server!.baseUrl}/api/trpc`, transformer: superjson, headers })] });

beforeAll(async () => {
  releaseLock = await acquireE2eLock();
  buildIfStale();
}, 300_000);

afterAll(async () => {
  await server?.stop();
  releaseLock();
  dirs.cleanup();
});

describe('listening without a token', () => {
  it('`node scripts/start.mjs` with HOST=0.0.0.0 and no token exits non-zero, saying why', async () => {
    const result = await runToExit(process.execPath, ['scripts/start.mjs'], { HOST: '0.0.0.0', PORT: '1' });
    expect(result.code).toBe(2);
    expect(result.output).toContain('refusing to listen on 0.0.0.0 without an access token');
    expect(result.output).toContain('DUCKQUERY_ACCESS_TOKEN');
  });

  it('`next start -H 0.0.0.0` run directly is refused by the server itself', async () => {
    const nextBin = path.join(repoRoot, 'node_modules', '.bin', 'next');
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const result = await runToExit(nextBin, ['start', '-H', '0.0.0.0', '-p', String(port)], {});
    expect(result.code).toBe(1);
    expect(result.output).toContain('refusing to listen on 0.0.0.0 (every network interface) without an access token');
  });
});

describe('the built server with tokens, started by `npm start`', () => {
  let cookie = '';

  beforeAll(async () => {
    server = await startServer(dirs, 60_000, { env: { DUCKQUERY_ACCESS_TOKEN: USER_TOKEN, DUCKQUERY_ADMIN_TOKEN: ADMIN_TOKEN }, viaStartScript: true });
  }, 120_000);

  it('renders the sign-in page, and sends page views without a session there', async () => {
    const page = await fetch(`${server!.baseUrl}/signin?next=%2F`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('action="/api/auth/signin"');
    expect(html).toContain('name="token"');
    const home = await fetch(`${server!.baseUrl}/`, { redirect: 'manual' });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toMatch(/\/signin$/);
  });

  it('signs in through the form: 303 and an httpOnly SameSite cookie without the token', async () => {
    const res = await fetch(`${server!.baseUrl}/api/auth/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: server!.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: USER_TOKEN, next: '/' }).toString(),
    });
    expect(res.status).toBe(303);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^duckquery_session=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toContain(USER_TOKEN);
    cookie = setCookie.split(';', 1)[0]!;
  });

  it('tRPC works with the cookie, and fails without it', async () => {
    const signedIn = trpcWith({ cookie, origin: server!.baseUrl });
    const created = await signedIn.favorites.create.mutate({ name: 'e2e auth', sql: 'SELECT 1' });
    expect((await signedIn.favorites.get.query({ id: created.id })).name).toBe('e2e auth');

    const error = await trpcWith({}).favorites.list.query({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('UNAUTHORIZED');
    expect((await fetch(`${server!.baseUrl}/api/sql-favorites`)).status).toBe(401);
  });

  it('refuses a cross-site POST carrying the cookie, and admin actions to the user', async () => {
    const res = await fetch(`${server!.baseUrl}/api/sql-favorites`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'evil', sql: 'SELECT 1' }),
    });
    expect(res.status).toBe(403);
    const admin = await trpcWith({ cookie }).migrations.auditLog.query({}).catch((e: unknown) => e);
    expect((admin as TRPCClientError<AppRouter>).data?.code).toBe('FORBIDDEN');
  });

  it('records the sign-in with the socket address (not a forged X-Forwarded-For)', async () => {
    await fetch(`${server!.baseUrl}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '6.6.6.6' },
      body: JSON.stringify({ token: 'not-the-token-not-the-token' }),
    });
    const log = await trpcWith({ authorization: `Bearer ${ADMIN_TOKEN}` }).migrations.auditLog.query({ action: 'auth.signin' });
    expect(log.items.map((row) => [row.outcome, row.details.ip])).toEqual([
      ['error', '127.0.0.1'],
      ['ok', '127.0.0.1'],
    ]);
    expect(JSON.stringify(log)).not.toContain(USER_TOKEN);
  });

  it('passes SIGTERM on to the server and exits with its status', async () => {
    process.kill(server!.pid, 'SIGTERM'); // the start script only, not its process group
    expect(await server!.exited).toEqual({ code: 0, signal: null });
    expect(server!.output()).not.toContain('start-up failed');
    await expect(fetch(`${server!.baseUrl}/health`)).rejects.toThrow();
  });
});
