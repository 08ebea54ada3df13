import type { LegacyClock } from './legacy-clock';

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
export const nonEmptyString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
export const stringOr = <T>(value: unknown, fallback: T): string | T => (typeof value === 'string' ? value : fallback);
export const integerOr = <T>(value: unknown, fallback: T): number | T => (Number.isSafeInteger(value) ? (value as number) : fallback);

/** Ids written by hand may be numbers (FORMATS.md); anything else is not an id. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return nonEmptyString(value);
}

/** When a legacy entry has no usable timestamp at all: stable (reads agree) and sorts oldest. */
export const UNKNOWN_TIME = new Date(0);

/** Every field of `entry` not in `known`, in its order: the legacy fields a store keeps verbatim. */
export function extraFields(entry: JsonObject, known: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !known.has(key)));
}

/** `known` fields first, then every extra field whose name is not taken by one of them. */
export function withExtra(known: JsonObject, extra: JsonObject): JsonObject {
  const entry = { ...known };
  for (const [key, value] of Object.entries(extra)) if (!(key in entry)) entry[key] = value;
  return entry;
}

/**
 * The text to write for a timestamp: the entry's previous text when it still means the same
 * instant (a fake-`Z` or naive legacy value stays byte-for-byte), else ISO with the zone offset.
 */
export function stampText(clock: LegacyClock, date: Date, previous: unknown, options: { zIsLocal?: boolean } = {}): string {
  return clock.parse(previous, options)?.getTime() === date.getTime() ? (previous as string) : clock.format(date);
}
