import { createHash } from 'node:crypto';
import { parseLegacyTimestamp, type LegacyStamp } from './legacy-timestamp';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
export const isString = (value: unknown): value is string => typeof value === 'string';
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
export const isSafeInteger = (value: unknown): value is number => Number.isSafeInteger(value);
export const isInt32 = (value: unknown): value is number => Number.isInteger(value) && Math.abs(value as number) < 2 ** 31;

/**
 * One legacy entry, read field by field. A field taken into a first-class column is consumed;
 * every other field, including one whose value has the wrong type for its column, stays in
 * `extra()` verbatim: the importer loses nothing.
 */
export class EntryFields {
  private readonly used = new Set<string>();
  readonly notes: string[] = [];

  constructor(
    readonly raw: JsonObject,
    readonly label: string,
  ) {}

  /** The value when `accept` takes it; a null is consumed as "no value"; anything else stays extra. */
  take<T>(key: string, accept: (value: unknown) => value is T): T | undefined {
    const value = this.raw[key];
    if (value === null) this.used.add(key);
    if (value === undefined || value === null || !accept(value)) return undefined;
    this.used.add(key);
    return value;
  }

  /** Marks a field consumed without reading it (folded elsewhere, or deliberately dropped). */
  consume(key: string): void {
    this.used.add(key);
  }

  isConsumed(key: string): boolean {
    return this.used.has(key);
  }

  /** The first of `keys` holding a timestamp; a value that is not one stays in extra, with a note. */
  timestamp(keys: string[], fallback: string, options: { zIsLocal?: boolean } = {}): LegacyStamp | null {
    for (const key of keys) {
      const value = this.raw[key];
      if (value === undefined) continue;
      const parsed = parseLegacyTimestamp(value, options);
      if (parsed.ok) {
        this.used.add(key);
        if (parsed.stamp) return parsed.stamp;
      } else {
        this.notes.push(`${this.label}: ${key} ${describe(value)} is not a timestamp; kept in extra, ${fallback} used`);
      }
    }
    return null;
  }

  extra(): JsonObject {
    return Object.fromEntries(Object.entries(this.raw).filter(([key]) => !this.used.has(key)));
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** sha256 of an entry's normalised values: equal for equal entries, so a re-run can tell "unchanged". */
export function checksumOf(values: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex');
}

/** How a skipped entry is named in the report: its key, else `#<index>`. */
export function entryLabel(key: string | undefined, index: number): string {
  return key ?? `#${index}`;
}

/** Ids may be written as numbers by hand; anything else is not an id. */
export function idOf(value: unknown): string | undefined {
  if (isNonEmptyString(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
