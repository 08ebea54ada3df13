import type { Keyring } from '../secrets/keyring';
import type { MergeTarget, StagedRow } from './merge-targets';
import type { SkippedEntry } from './types';

export interface NormalizeContext {
  /** Legacy zone: part of each checksum, since naive timestamps are read in it. */
  zone: string;
  /** The legacy `secret.key`, or null when absent or unusable. */
  fernetKey: Buffer | null;
  keyring: Keyring;
}

export interface IndexedSkip extends SkippedEntry {
  index: number;
}

/** A legacy file parsed and normalised in JS, ready to be staged and merged in DuckDB. */
export interface NormalizedFile {
  target: MergeTarget;
  entries: number;
  rows: StagedRow[];
  skipped: IndexedSkip[];
  needsPassword: string[];
  notes: string[];
}

/** The file's top level is not a shape the legacy app ever wrote: the whole file fails. */
export interface ShapeError {
  error: string;
}

export type NormalizeResult = NormalizedFile | ShapeError;

export function isShapeError(result: NormalizeResult): result is ShapeError {
  return 'error' in result;
}

/** First entry wins; later entries with the same value are reported. */
export class FirstWins {
  private readonly seen = new Map<string, number>();
  constructor(private readonly what: string) {}

  /** The skip reason when an earlier entry holds `value`, else null. */
  conflict(value: string): string | null {
    const first = this.seen.get(value);
    return first === undefined ? null : `duplicate ${this.what}: entry #${first} has the same one and is imported instead`;
  }

  record(value: string, index: number): void {
    this.seen.set(value, index);
  }
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
