import { randomUUID } from 'node:crypto';
import { processWide } from '../shared/process-wide';
import type { Progress, ProgressUpdate } from './progress';

/**
 * In-memory progress of this process's running work. Progress is a view, not a record: what must
 * survive a restart (upload sessions, tasks) lives in system tables, and this only says how far
 * the work in flight has got. Cached on globalThis because Next.js loads modules more than once.
 */
const FINISHED_KEPT_MS = 15 * 60_000;
const MAX_ENTRIES = 1000;

const registry = processWide('duckquery.progress', () => new Map<string, Progress>());

export interface ProgressHandle {
  readonly id: string;
  update(update: ProgressUpdate): void;
  finish(result?: Record<string, unknown>): void;
  fail(message: string): void;
  cancel(): void;
}

export interface StartProgressInput {
  kind: string;
  label: string;
  actor: string;
  phase?: string;
  bytesTotal?: number | null;
  rowsTotal?: number | null;
}

export function startProgress(input: StartProgressInput): ProgressHandle {
  forgetOld();
  const now = new Date();
  const entry: Progress = {
    id: randomUUID(),
    kind: input.kind,
    label: input.label,
    actor: input.actor,
    phase: input.phase ?? 'starting',
    state: 'running',
    bytesDone: 0,
    bytesTotal: input.bytesTotal ?? null,
    rowsDone: 0,
    rowsTotal: input.rowsTotal ?? null,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    error: null,
    result: null,
    etaMs: null,
  };
  registry.set(entry.id, entry);
  const end = (state: Progress['state'], changes: Partial<Progress>) => {
    if (entry.state !== 'running') return; // the first ending wins: a late failure does not undo a cancel
    const at = new Date();
    Object.assign(entry, changes, { state, phase: state === 'done' ? 'done' : state, updatedAt: at, finishedAt: at, etaMs: null });
  };
  return {
    id: entry.id,
    update(update) {
      if (entry.state !== 'running') return;
      Object.assign(entry, definedOnly(update), { updatedAt: new Date() });
      entry.etaMs = estimateRemainingMs(entry);
    },
    finish: (result) => end('done', { result: result ?? null }),
    fail: (message) => end('failed', { error: message }),
    cancel: () => end('cancelled', {}),
  };
}

/** A copy, so callers cannot change the registry. */
export function getProgress(id: string): Progress | null {
  const entry = registry.get(id);
  return entry ? { ...entry } : null;
}

export function listProgress(filter: { actor?: string; runningOnly?: boolean } = {}): Progress[] {
  forgetOld();
  return [...registry.values()]
    .filter((p) => (filter.actor === undefined || p.actor === filter.actor) && (!filter.runningOnly || p.state === 'running'))
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
    .map((p) => ({ ...p }));
}

function estimateRemainingMs(p: Progress): number | null {
  const elapsed = Date.now() - p.startedAt.getTime();
  const [done, total] = p.bytesTotal ? [p.bytesDone, p.bytesTotal] : p.rowsTotal ? [p.rowsDone, p.rowsTotal] : [0, null];
  if (!total || done <= 0 || elapsed <= 0) return null;
  return Math.max(0, Math.round(((total - done) * elapsed) / done));
}

function definedOnly(update: ProgressUpdate): ProgressUpdate {
  return Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
}

/** Finished entries are kept a while (a UI polling after the end still sees the outcome), then dropped. */
function forgetOld(): void {
  const cutoff = Date.now() - FINISHED_KEPT_MS;
  for (const [id, p] of registry) if (p.finishedAt && p.finishedAt.getTime() < cutoff) registry.delete(id);
  if (registry.size <= MAX_ENTRIES) return;
  const finished = [...registry.values()].filter((p) => p.finishedAt).sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime());
  for (const p of finished.slice(0, registry.size - MAX_ENTRIES)) registry.delete(p.id);
}
