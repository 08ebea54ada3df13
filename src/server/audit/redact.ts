import { isSecretParam } from '../secrets/secret-fields';

const REDACTED = '[redacted]';

/** A deep copy with every secret-named field replaced, for audit rows and logs. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, isSecretParam(key) ? REDACTED : redact(inner)]),
    );
  }
  if (typeof value === 'string' && value.startsWith('dq:v1:')) return REDACTED; // ciphertext too
  return value;
}
