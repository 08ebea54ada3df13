import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real production server for end-to-end tests: `next build` (only when the sources are newer
 * than `.next/BUILD_ID`), then `next start` on 127.0.0.1 and a free port, over temp data/config
 * dirs. Builds and servers of concurrent test runs in this checkout are serialised by a lock
 * file: a second build would rewrite `.next` under a running server.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const nextBin = path.join(repoRoot, 'node_modules', '.bin', 'next');
const BUILD_INPUTS = ['src', 'public', 'migrations', 'next.config.mjs', 'package-lock.json', 'tsconfig.json'];
const lockPath = path.join(os.tmpdir(), `duckquery-e2e-${Buffer.from(repoRoot).toString('base64url').slice(-40)}.lock`);

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

export function buildIsStale(): boolean {
  const built = fs.statSync(path.join(repoRoot, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  if (!built) return true;
  return Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(repoRoot, p)))) > built.mtimeMs;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Holds the checkout's e2e lock (waiting for another run to finish); returns its release. */
export async function acquireE2eLock(timeoutMs = 300_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (!holder || !isAlive(holder)) fs.rmSync(lockPath, { force: true }); // left by a killed run
      else if (Date.now() > deadline) throw new Error(`another e2e run (pid ${holder}) holds ${lockPath}`);
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Runs `next build` when needed; returns how long it took (0 when the build was fresh). */
export function buildIfStale(): number {
  if (!buildIsStale()) return 0;
  const started = performance.now();
  const result = spawnSync(nextBin, ['build'], {
    cwd: repoRoot,
    env: serverEnv({}),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status}):\n${`${result.stdout}\n${result.stderr}`.slice(-6000)}`);
  }
  return performance.now() - started;
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The parent's env without its DuckQuery settings or vitest's NODE_ENV=test. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('DUCKQUERY_') && !key.startsWith('VITEST')) env[key] = value;
  return { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...extra } as NodeJS.ProcessEnv;
}

/** The start and the end of a long server log (a native crash prints a long stack trace). */
const clip = (log: string) => (log.length <= 6000 ? log : `${log.slice(0, 3000)}\n…\n${log.slice(-3000)}`);

export interface RunningServer {
  baseUrl: string;
  /** The spawned process: `next start`, or scripts/start.mjs (which spawns it). */
  pid: number;
  /** Resolves with the spawned process's exit. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stdout + stderr so far, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
  /** SIGKILL, as a crash or power cut would: nothing gets to close or checkpoint. */
  crash: () => Promise<void>;
}

export interface StartOptions {
  /** Extra environment for the server (e.g. DUCKQUERY_ACCESS_TOKEN). */
  env?: Record<string, string>;
  /** Start through `node scripts/start.mjs` (what `npm start` runs) instead of `next start`. */
  viaStartScript?: boolean;
}

/** Starts `next start` on the given dirs and resolves once GET /health answers 200. */
export async function startServer(
  dirs: { dataDir: string; configDir: string },
  timeoutMs = 60_000,
  options: StartOptions = {},
): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = serverEnv({ DUCKQUERY_DATA_DIR: dirs.dataDir, DUCKQUERY_CONFIG_DIR: dirs.configDir, ...options.env });
  const [command, args] = options.viaStartScript
    ? [process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs')]]
    : [nextBin, ['start', '-H', '127.0.0.1', '-p', String(port)]];
  if (options.viaStartScript) Object.assign(env, { HOST: '127.0.0.1', PORT: String(port) });
  const child: ChildProcess = spawn(command, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() reaches any child it forks
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exitStatus = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const exited = exitStatus.then(() => undefined);
  let running = true;
  void exited.then(() => (running = false));

  const stop = async () => {
    if (!running) return;
    process.kill(-child.pid!, 'SIGTERM');
    const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
    if (!killed) {
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    }
  };

  const crash = async () => {
    if (!running) return;
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running) throw new Error(`next start exited (code ${child.exitCode}, signal ${child.signalCode}) before it was healthy:\n${clip(log)}`);
    const healthy = await fetch(`${baseUrl}/health`)
      .then((res) => res.status === 200)
      .catch(() => false);
    if (healthy) return { baseUrl, pid: child.pid!, exited: exitStatus, output: () => log, stop, crash };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`next start was not healthy within ${timeoutMs} ms:\n${clip(log)}`);
}
