import type { z } from 'zod';
import type { ValidationItem } from './responses';

function valueAt(input: unknown, path: (string | number)[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * zod issues as FastAPI validation items: `loc` starts with "body"; a field left out of `input`
 * is `missing` / "Field required" as FastAPI says it; anything else keeps zod's code and message.
 * Without `input` (an error from the router's own validation), nothing is called missing.
 * Input values are never echoed: they can hold passwords.
 */
export function zodIssuesToItems(error: z.ZodError, input?: unknown): ValidationItem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
    // zod says invalid_type / invalid_value / invalid_union for an absent field, depending on its schema.
    const missing = input !== undefined && path.length > 0 && valueAt(input, path) === undefined;
    return {
      loc: ['body', ...path],
      msg: missing ? 'Field required' : issue.message,
      type: missing ? 'missing' : issue.code,
    };
  });
}
