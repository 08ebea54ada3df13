import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../errors';
import { withMutex } from './async-mutex';
import { DEFAULT_LOCK_OPTIONS, codeOf, withFileLock, type LockOptions } from './file-lock';
import { parseJsonText } from './json-text';

/** What a change decides: the document to write (undefined: write nothing) and what to return. */
export interface Change<T> {
  next?: unknown;
  result: T;
}

/**
 * One JSON file: lock-free reads, and read-modify-write cycles serialised by an in-process mutex
 * plus a cross-process lock file (`<file>.lock`). Writes are atomic: temp file in the same
 * directory, fsync, rename over the target, fsync the directory. A file that is not valid JSON is
 * never written over (parseJsonText throws before any change is computed).
 */
export class JsonFile {
  readonly path: string;
  private readonly lockOptions: LockOptions;

  constructor(filePath: string, lockOptions: Partial<LockOptions> = {}) {
    this.path = path.resolve(filePath);
    this.lockOptions = { ...DEFAULT_LOCK_OPTIONS, ...lockOptions };
  }

  /** The parsed document; undefined when the file is absent or blank. */
  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return undefined;
      throw new DomainError('UNAVAILABLE', `Cannot read ${this.path}: ${codeOf(error) ?? String(error)}`, { file: this.path });
    }
    return parseJsonText(text, this.path);
  }

  /** Reads the current document under both locks, lets `change` decide, writes its `next` atomically. */
  update<T>(change: (current: unknown) => Change<T>): Promise<T> {
    return withMutex(this.path, () =>
      withFileLock(`${this.path}.lock`, this.lockOptions, async (assertHeld) => {
        const { next, result } = change(await this.read());
        if (next !== undefined) await writeAtomically(this.path, `${JSON.stringify(next, null, 2)}\n`, assertHeld);
        return result;
      }),
    );
  }
}

async function writeAtomically(target: string, text: string, beforePublish: () => Promise<void>): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  // Keep the target's permissions (datasources.json holds secrets); a new file is owner-only.
  const mode = await fs.stat(target).then(
    (stat) => stat.mode & 0o777,
    () => 0o600,
  );
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforePublish();
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable. Not every platform can open a directory: best effort. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // e.g. Windows (EISDIR/EPERM): the data file itself was fsynced before the rename
  }
}
