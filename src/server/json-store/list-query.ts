import type { Page } from '../shared/list';

export type SortValue = string | number | Date | null;

/** `ILIKE '%text%'`: a case-insensitive substring, `%` and `_` taken literally (containsPattern). */
export function containsIgnoreCase(haystack: string | null, needle: string): boolean {
  return haystack !== null && haystack.toLowerCase().includes(needle.toLowerCase());
}

/**
 * DuckDB orders VARCHAR by UTF-8 bytes, i.e. by code point. JS `<` compares UTF-16 code units,
 * which puts U+10000… (surrogate pairs) before U+E000–U+FFFF: shift units so both agree.
 */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

const codePointRank = (unit: number) => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);

function compareValues(a: Exclude<SortValue, null>, b: Exclude<SortValue, null>): number {
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  const x = a instanceof Date ? a.getTime() : Number(a);
  const y = b instanceof Date ? b.getTime() : Number(b);
  return x - y;
}

/**
 * `ORDER BY <key> <direction> NULLS LAST, <id> LIMIT … OFFSET …` with `count(*)` of the filtered
 * rows, as the DuckDB stores run it (nulls last is DuckDB's default in both directions).
 */
export function sortAndPage<T>(
  items: T[],
  order: { key: (item: T) => SortValue; direction: 'asc' | 'desc'; id: (item: T) => string },
  page: { limit: number; offset: number },
): Page<T> {
  const sign = order.direction === 'asc' ? 1 : -1;
  const sorted = [...items].sort((left, right) => {
    const a = order.key(left);
    const b = order.key(right);
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else {
      const byKey = compareValues(a, b);
      if (byKey !== 0) return sign * byKey;
    }
    return compareText(order.id(left), order.id(right));
  });
  return { items: sorted.slice(page.offset, page.offset + page.limit), total: items.length, limit: page.limit, offset: page.offset };
}
