/**
 * Times the legacy import of 5 000 file sources with 40-column profiles (~70 MB JSON), as
 * `npm run migrate` runs it: a fresh process, schema migrations, import, backup.
 *   npx tsx scripts/bench-legacy-import.ts [count] [profileColumns]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeFileSources, writeJson } from '../tests/helpers/legacy-fixtures';

const count = Number(process.argv[2] ?? 5000);
const profileColumns = Number(process.argv[3] ?? 40);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'duckquery-bench-'));
const configDir = path.join(root, 'config');
fs.mkdirSync(configDir);
const file = writeJson(configDir, 'file-datasources.json', makeFileSources(count, { profileColumns }));
const megabytes = fs.statSync(file).size / 1e6;

const started = performance.now();
const run = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/migrate.ts', '--json'], {
  env: { ...process.env, DUCKQUERY_DATA_DIR: path.join(root, 'data'), DUCKQUERY_CONFIG_DIR: configDir, DUCKQUERY_LEGACY_TZ: 'UTC' },
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const seconds = (performance.now() - started) / 1000;
const report = run.status === 0 ? JSON.parse(run.stdout) : null;
console.log(
  `${count} file sources × ${profileColumns}-column profiles, ${megabytes.toFixed(1)} MB JSON: ` +
    `exit ${run.status}, ${seconds.toFixed(2)} s wall (process start included); ` +
    `inserted ${report?.files?.[0]?.inserted ?? '?'}`,
);
if (run.status !== 0) console.error(run.stderr || run.stdout);
fs.rmSync(root, { recursive: true, force: true });
