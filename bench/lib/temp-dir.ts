import fs from 'node:fs';
import path from 'node:path';
import { onCleanup } from './cleanup';

/** bench/.tmp (gitignored): big temp files stay on the repo's disk, not in a small /tmp. */
export const BENCH_TMP = path.resolve(import.meta.dirname, '..', '.tmp');

/** A fresh directory under bench/.tmp, removed on clean-up (or earlier by calling `remove`). */
export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  fs.mkdirSync(BENCH_TMP, { recursive: true });
  const dir = fs.mkdtempSync(path.join(BENCH_TMP, `${prefix}-`));
  const remove = onCleanup(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return { dir, remove };
}
