import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { onCleanup } from '../lib/cleanup';
import { withoutDuckqueryVars } from '../lib/env';
import { acquireE2eLock, buildIfStale, buildIsStale, freePort } from '../../tests/helpers/built-server';
import { peakRssMb, processTree } from './peak-rss';
import { trpcClient } from './trpc-client';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const nextBin = path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');

export interface BuildInfo {
  id: string;
  builtAt: Date;
  /** Sources changed after this build: the server runs older code than the working tree. */
  stale: boolean;
}

export interface BenchServer {
  baseUrl: string;
  build: BuildInfo;
  pid: number;
  /** Peak RSS over the server's process tree so far (the largest VmHWM), MB. */
  peakRssMb: () => number | null;
  stop: () => Promise<void>;
}

/**
 * The production server over fresh dirs. Takes the checkout's e2e lock (tests/helpers/built-server.ts)
 * for the server's lifetime, so no test run rebuilds `.next` under it. Builds only when there is
 * no build: others edit this checkout all the time, so a build older than the sources is used
 * as it is (and reported), rather than failing the bench on someone's half-made change.
 */
export async function startBenchServer(dirs: { dataDir: string; configDir: string }, timeoutMs = 60_000): Promise<BenchServer> {
  const release = onCleanup('release the e2e lock', await acquireE2eLock());
  const build = existingBuild() ?? buildNow();

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...withoutDuckqueryVars(process.env),
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DUCKQUERY_DATA_DIR: dirs.dataDir,
    DUCKQUERY_CONFIG_DIR: dirs.configDir,
    DUCKQUERY_SKIP_LEGACY_IMPORT: 'true',
  };
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (NODE_OPTIONS may not carry --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so a kill reaches anything it forks
  });
  const pid = child.pid!;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const killGroup = (signal: NodeJS.Signals) => {
    if (running) process.kill(-pid, signal);
  };
  const forget = onCleanup(`kill server ${pid}`, () => killGroup('SIGKILL'));

  let peak: number | null = null;
  const samplePeak = () => {
    for (const p of processTree(pid)) peak = Math.max(peak ?? 0, peakRssMb(p) ?? 0);
    return peak;
  };
  const stop = async () => {
    samplePeak();
    killGroup('SIGTERM');
    const ended = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!ended) killGroup('SIGKILL');
    await exited;
    forget();
    release();
  };

  const deadline = Date.now() + timeoutMs;
  const client = trpcClient(baseUrl);
  while (!(await answers(client))) {
    if (!running || Date.now() > deadline) {
      const why = running ? `did not answer fileSources.list within ${timeoutMs} ms` : `exited with code ${child.exitCode}`;
      await stop();
      throw new Error(`next start ${why}:\n${output.slice(-4000)}`);
    }
    await sleep(200);
  }
  return { baseUrl, build, pid, peakRssMb: samplePeak, stop };
}

function existingBuild(): BuildInfo | null {
  const file = path.join(repoRoot, '.next', 'BUILD_ID');
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? { id: fs.readFileSync(file, 'utf8').trim(), builtAt: stat.mtime, stale: buildIsStale() } : null;
}

function buildNow(): BuildInfo {
  console.error('… next build (no .next/BUILD_ID)');
  buildIfStale();
  return existingBuild()!;
}

/** Ready once a tRPC query answers: start-up (migrations, self-check) has run. */
const answers = (client: ReturnType<typeof trpcClient>) =>
  client.fileSources.list
    .query({ limit: 1 })
    .then(() => true)
    .catch(() => false);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
