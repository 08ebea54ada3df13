import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Decryption of the legacy app's Fernet tokens (Python `cryptography`), with node:crypto only.
 * Spec: https://github.com/fernet/spec/blob/master/Spec.md
 *   key   = urlsafe-base64(32 bytes): first 16 sign (HMAC-SHA256), last 16 encrypt (AES-128-CBC)
 *   token = urlsafe-base64(0x80 | 8-byte timestamp | 16-byte IV | ciphertext | 32-byte HMAC)
 * The legacy app never set a TTL, so the timestamp is not checked.
 */

const VERSION = 0x80;
const HEADER = 1 + 8 + 16;
const MAC = 32;

/** How the legacy app's tokens look (a version byte 0x80 and a timestamp's high zero bytes). */
export function looksLikeFernetToken(value: string): boolean {
  return value.startsWith('gAAAAA');
}

/** The 32-byte key from `secret.key` text, or null when it is not a Fernet key. */
export function parseFernetKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9_-]{43}=?$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64url');
  return key.length === 32 ? key : null;
}

/** The plain text, or null when the token is malformed or does not verify under `key`. */
export function decryptFernet(token: string, key: Buffer): string | null {
  if (key.length !== 32 || !/^[A-Za-z0-9_-]+=*$/.test(token)) return null;
  const data = Buffer.from(token, 'base64url');
  const cipherLength = data.length - HEADER - MAC;
  if (data[0] !== VERSION || cipherLength < 16 || cipherLength % 16 !== 0) return null;

  const signed = data.subarray(0, data.length - MAC);
  const expected = createHmac('sha256', key.subarray(0, 16)).update(signed).digest();
  if (!timingSafeEqual(expected, data.subarray(data.length - MAC))) return null;

  try {
    const decipher = createDecipheriv('aes-128-cbc', key.subarray(16), data.subarray(9, HEADER));
    return Buffer.concat([decipher.update(data.subarray(HEADER, data.length - MAC)), decipher.final()]).toString('utf8');
  } catch {
    return null; // bad padding: cannot happen for a token that verified, but never trust it
  }
}
