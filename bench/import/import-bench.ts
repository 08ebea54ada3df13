import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { onCleanup } from '../lib/cleanup';
import { withoutDuckqueryVars } from '../lib/env';
import { legacyJson, profiledRecord } from '../lib/file-source-record';
import { makeTempDir } from '../lib/temp-dir';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const importer = path.join(repoRoot, 'src', 'server', 'legacy-import', 'run-legacy-import.ts');

export type ImportResult =
  | { skipped: string }
  | { entries: number; mb: number; wallMs: number; exitCode: number | null; status: string; inserted: number | null; problem: string | null };

/** The placeholder importer imports nothing; there is nothing to time until it is real. */
export function importerIsPlaceholder(): boolean {
  return fs.readFileSync(importer, 'utf8').includes('PLACEHOLDER');
}

/**
 * `tsx scripts/migrate.ts --json` end to end (process start, schema migrations, import,
 * backup) on a fresh data dir and a config dir holding one big file-datasources.json.
 */
export async function importBench(entries: number, profiledColumns: number): Promise<ImportResult> {
  if (importerIsPlaceholder()) return { skipped: 'importer not built' };
  const temp = makeTempDir('import');
  try {
    const configDir = path.join(temp.dir, 'config');
    fs.mkdirSync(configDir);
    const file = path.join(configDir, 'file-datasources.json');
    const created = (i: number) => new Date(Date.UTC(2025, 9, 20, 6, 3, 11) + i * 1000).toISOString().replace('Z', '+00:00');
    fs.writeFileSync(file, legacyJson(Array.from({ length: entries }, (_, i) => profiledRecord(`legacy_${i}`, profiledColumns, created(i)))));
    const mb = fs.statSync(file).size / 1e6;

    const start = performance.now();
    const run = await runMigrate({ DUCKQUERY_DATA_DIR: path.join(temp.dir, 'data'), DUCKQUERY_CONFIG_DIR: configDir, DUCKQUERY_LEGACY_TZ: 'UTC' });
    const wallMs = performance.now() - start;
    const report = parseReport(run.stdout);
    const fileReport = report?.files.find((f) => f.file === 'file-datasources.json');
    const problem =
      run.code !== 0 || !fileReport
        ? `exit ${run.code}: ${(run.stderr || run.stdout).slice(-600).trim()}`
        : fileReport.inserted !== entries
          ? `inserted ${fileReport.inserted} of ${entries}`
          : null;
    return { entries, mb, wallMs, exitCode: run.code, status: fileReport?.status ?? 'n/a', inserted: fileReport?.inserted ?? null, problem };
  } finally {
    temp.remove();
  }
}

function runMigrate(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['scripts/migrate.ts', '--json'], {
      cwd: repoRoot,
      env: { ...withoutDuckqueryVars(process.env), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forget = onCleanup('kill migrate', () => child.exitCode === null && child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      forget();
      resolve({ code, stdout, stderr });
    });
  });
}

function parseReport(stdout: string): { files: { file: string; status: string; inserted: number }[] } | null {
  try {
    return JSON.parse(stdout) as { files: { file: string; status: string; inserted: number }[] };
  } catch {
    return null;
  }
}
