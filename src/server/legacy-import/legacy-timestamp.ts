/**
 * Classifies a legacy timestamp string; DuckDB does the conversion, set-based (stage-and-merge.ts):
 * `offset` values are cast with `::TIMESTAMPTZ`, `naive` ones read in the legacy zone with
 * `timezone(zone, value::TIMESTAMP)`. Classifying here matters: DuckDB's `::TIMESTAMP` cast
 * silently converts a value that has an offset to UTC instead of rejecting it.
 *
 * Formats seen (FORMATS.md): `2025-10-20T14:03:11.123456+08:00`, `2025-10-20 14:03:11.123456+08:00`,
 * naive `2025-09-01T10:00:00`, and favorites' local time with a misleading `Z`.
 */
export type StampKind = 'offset' | 'naive';

export interface LegacyStamp {
  text: string;
  kind: StampKind;
}

/** `stamp` null: no value; `ok` false: a value that is not a timestamp. */
export type StampResult = { ok: true; stamp: LegacyStamp | null } | { ok: false };

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

export function parseLegacyTimestamp(value: unknown, { zIsLocal = false } = {}): StampResult {
  if (value === null || value === undefined || value === '') return { ok: true, stamp: null };
  if (typeof value !== 'string') return { ok: false };
  const text = value.trim();
  const match = PATTERN.exec(text);
  if (!match) return { ok: false };
  const [, year, month, day, hour = '0', minute = '0', second = '0', zulu, sign, offsetHours = '0', offsetMinutes = '0'] = match;
  if (!isValidDate(Number(year), Number(month), Number(day))) return { ok: false };
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return { ok: false };
  if (sign && (Number(offsetHours) > 18 || Number(offsetMinutes) > 59)) return { ok: false };
  if (zulu && zIsLocal) return { ok: true, stamp: { text: text.slice(0, -1), kind: 'naive' } };
  return { ok: true, stamp: { text, kind: zulu || sign ? 'offset' : 'naive' } };
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
