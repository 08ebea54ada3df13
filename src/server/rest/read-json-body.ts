import type { z } from 'zod';
import { legacyError, RestResponseError, validationError } from './responses';
import { zodIssuesToItems } from './zod-to-422';

/**
 * Legacy JSON bodies are metadata (a connection, a favorite's SQL ≤ 1,000,000 characters):
 * 4 MiB holds the largest valid one with room for multi-byte text and escapes.
 */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

const tooLarge = (maxBytes: number) =>
  new RestResponseError(legacyError(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${maxBytes} bytes`, { max_bytes: maxBytes }));

/** Reads the body as text, stopping (413) as soon as it passes `maxBytes`: never buffers more. */
async function readCappedText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new RestResponseError(validationError([{ loc: ['body'], msg: 'Body is not valid UTF-8', type: 'json_invalid' }]));
  }
}

/**
 * The request's JSON body, validated by `schema`. Like FastAPI, a missing or malformed body and
 * every schema problem answer 422 `{"detail": [...]}`; a body over the cap answers 413.
 */
export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S, maxBytes = MAX_JSON_BODY_BYTES): Promise<z.output<S>> {
  const text = await readCappedText(req, maxBytes);
  if (text.trim() === '') {
    throw new RestResponseError(validationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]));
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RestResponseError(validationError([{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]));
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new RestResponseError(validationError(zodIssuesToItems(parsed.error, body)));
  return parsed.data;
}

/** Legacy clients send `null` for "not given" on optional fields; zod's optional() means undefined. */
export function nullAsMissing(keys: readonly string[]) {
  return (value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key, v]) => !(v === null && keys.includes(key))));
  };
}
