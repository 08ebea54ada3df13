import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../errors';

export interface LockOptions {
  /** A lock older than this is taken to be left over by a crashed process and broken. */
  staleMs: number;
  /** How long to wait for a live lock before giving up with UNAVAILABLE. */
  timeoutMs: number;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = { staleMs: 30_000, timeoutMs: 10_000 };

interface LockBody {
  pid: number;
  hostname: string;
  acquired_at: string;
  token: string;
}

/** What is in a lock file now: raw text (to tell one lock from another), parsed body, age. */
interface Observed {
  text: string;
  body: Partial<LockBody> | null;
  ageMs: number;
}

/**
 * Runs `work` holding `<lockPath>`, a file created with O_EXCL ('wx') that holds pid, host, time
 * and a token, so that read-modify-write cycles of several processes on one JSON file never
 * interleave. Waits with capped exponential back-off; breaks a lock that is stale or whose
 * process is gone. `work` gets `assertHeld`, to call right before it publishes its write: if a
 * peer broke our lock meanwhile, we fail instead of overwriting that peer's update.
 */
export async function withFileLock<T>(
  lockPath: string,
  options: LockOptions,
  work: (assertHeld: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const token = randomUUID();
  await acquire(lockPath, token, options);
  try {
    return await work(async () => {
      const now = await observe(lockPath);
      if (now?.body?.token !== token) {
        throw new DomainError('UNAVAILABLE', `The lock ${lockPath} was taken over by another process; nothing was written. Retry.`, {
          lock: lockPath,
        });
      }
    });
  } finally {
    await release(lockPath, token);
  }
}

async function acquire(lockPath: string, token: string, options: LockOptions): Promise<void> {
  const body: LockBody = { pid: process.pid, hostname: os.hostname(), acquired_at: new Date().toISOString(), token };
  const deadline = Date.now() + options.timeoutMs;
  let delayMs = 2;
  for (;;) {
    if (await tryCreate(lockPath, JSON.stringify(body))) return;
    const holder = await observe(lockPath);
    if (!holder) continue; // released between our attempt and our look: try again at once
    if (isStale(holder, options.staleMs)) {
      await breakLock(lockPath, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder.body?.pid ? `process ${holder.body.pid} on ${holder.body.hostname ?? 'an unknown host'}` : 'another process';
      throw new DomainError(
        'UNAVAILABLE',
        `Timed out after ${options.timeoutMs} ms waiting for ${lockPath}, held by ${who} for ${Math.round(holder.ageMs)} ms. ` +
          `If no DuckQuery process is using that directory, delete the lock file.`,
        { lock: lockPath, pid: holder.body?.pid ?? null },
      );
    }
    await sleep(delayMs + Math.random() * delayMs);
    delayMs = Math.min(delayMs * 2, 50);
  }
}

async function tryCreate(lockPath: string, text: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockPath, 'wx', 0o600);
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    if (codeOf(error) === 'ENOENT') {
      await fs.mkdir(path.dirname(lockPath), { recursive: true });
      return false;
    }
    throw error;
  }
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
  return true;
}

async function observe(lockPath: string): Promise<Observed | null> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    const body = parseBody(text);
    const since = body?.acquired_at ? Date.parse(body.acquired_at) : NaN;
    return { text, body, ageMs: Date.now() - (Number.isFinite(since) ? since : stat.mtimeMs) };
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    throw error;
  }
}

function parseBody(text: string): Partial<LockBody> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Partial<LockBody>) : null;
  } catch {
    return null; // being written right now (created, not yet filled), or not ours: judged by age
  }
}

function isStale(holder: Observed, staleMs: number): boolean {
  if (holder.ageMs > staleMs) return true;
  const { pid, hostname } = holder.body ?? {};
  return typeof pid === 'number' && hostname === os.hostname() && pid !== process.pid && !isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM'; // exists, owned by another user
  }
}

/**
 * Moves the stale lock aside, then checks that what was moved is the lock we judged stale. If a
 * peer broke it first and already holds a fresh lock, we moved *that* one: put it back (link
 * fails if a third process took the path meanwhile; that holder's assertHeld then refuses to write).
 */
async function breakLock(lockPath: string, judged: Observed): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomUUID()}`;
  try {
    await fs.rename(lockPath, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw error;
  }
  try {
    const moved = await fs.readFile(aside, 'utf8');
    if (moved !== judged.text) await fs.link(aside, lockPath).catch(() => undefined);
  } finally {
    await fs.rm(aside, { force: true });
  }
}

async function release(lockPath: string, token: string): Promise<void> {
  const now = await observe(lockPath).catch(() => null);
  if (now?.body?.token === token) await fs.rm(lockPath, { force: true });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
