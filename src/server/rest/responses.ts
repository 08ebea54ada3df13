import { toJsonSafe } from './json-safe';

/** A legacy JSON answer: dates become ISO strings, bigints numbers; never cached. */
export function legacyJson(body: unknown, status = 200): Response {
  return Response.json(toJsonSafe(body), { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * The legacy error shape. The frontend reads `detail` (string) first, then `detail.message`,
 * `error.message`, `message` (docs: /work/shared/legacy/REST.md, "Common shapes").
 */
export function legacyError(status: number, code: string, message: string, details: Record<string, unknown> | null = null): Response {
  return legacyJson({ success: false, detail: message, error: { code, message, details } }, status);
}

/** FastAPI's validation answer: 422 `{"detail": [{loc, msg, type}]}`, one item per problem. */
export interface ValidationItem {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export function validationError(items: ValidationItem[]): Response {
  return legacyJson({ detail: items }, 422);
}

/** Thrown inside a shim to answer at once with a ready response (422, 413…); see legacyRoute. */
export class RestResponseError extends Error {
  constructor(readonly response: Response) {
    super(`REST ${response.status}`);
    this.name = 'RestResponseError';
  }
}
