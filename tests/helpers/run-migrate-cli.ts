import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

export interface CliDirs {
  dataDir: string;
  configDir: string;
}

/** The child's environment: ours without any DUCKQUERY_* of the caller, plus the test dirs. */
function cliEnv(dirs: CliDirs, env: Record<string, string>): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(result)) if (key.startsWith('DUCKQUERY_') || key === 'CONFIG_DIR') delete result[key];
  Object.assign(result, { DUCKQUERY_DATA_DIR: dirs.dataDir, DUCKQUERY_CONFIG_DIR: dirs.configDir, DUCKQUERY_LEGACY_TZ: 'Asia/Shanghai' }, env);
  return result;
}

/**
 * Starts `tsx scripts/migrate.ts` as `npm run migrate` would, in its own process group: tsx runs
 * the script in a child node process, so a SIGKILL must reach the group (`killGroup`).
 */
export function spawnMigrate(dirs: CliDirs, args: string[] = [], env: Record<string, string> = {}): ChildProcess {
  return spawn(TSX, ['scripts/migrate.ts', ...args], { cwd: REPO_ROOT, env: cliEnv(dirs, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

/** SIGKILLs tsx and the node process running the script (the group `spawnMigrate` made). */
export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Waits for the child's end; `onStdout` sees its output as it comes. */
export function collect(child: ChildProcess, onStdout?: (soFar: string) => void): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runMigrate(dirs: CliDirs, args: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  return collect(spawnMigrate(dirs, args, env));
}
