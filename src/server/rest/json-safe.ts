/**
 * Values a legacy REST response may hold, made JSON-safe explicitly (STYLE.md pattern 5):
 * `Response.json` throws on bigint, and the legacy API sends timestamps as ISO-8601 strings.
 */
export function toJsonSafe(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') {
    // Counts fit in a double; a BIGINT beyond 2^53 would lose digits as a number, so it becomes text.
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, toJsonSafe(v)]));
  }
  return value;
}
