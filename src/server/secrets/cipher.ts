import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring';

/**
 * Secrets at rest: AES-256-GCM, a random 96-bit IV per value, the key id in the clear so a
 * rotation knows which key to use. Format: `dq:v1:<key id>:<iv>:<ciphertext>:<tag>` (base64url).
 */
const PREFIX = 'dq:v1:';

export class SecretDecryptError extends Error {
  override name = 'SecretDecryptError';
}

export function isEncryptedSecret(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

export function encryptSecret(plain: string, keyring: Keyring): string {
  const key = keyring.keys.get(keyring.currentId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${PREFIX}${keyring.currentId}:${[iv, ciphertext, tag].map((b) => b.toString('base64url')).join(':')}`;
}

export function keyIdOfSecret(token: string): string | null {
  return isEncryptedSecret(token) ? (token.slice(PREFIX.length).split(':')[0] ?? null) : null;
}

export function decryptSecret(token: string, keyring: Keyring): string {
  const [keyId, iv, ciphertext, tag] = token.slice(PREFIX.length).split(':');
  if (!isEncryptedSecret(token) || !keyId || iv === undefined || ciphertext === undefined || !tag) {
    throw new SecretDecryptError('not an encrypted DuckQuery secret');
  }
  const key = keyring.keys.get(keyId);
  if (!key) throw new SecretDecryptError(`secret was encrypted with key ${keyId}, which is not configured`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptError(`secret does not verify under key ${keyId}`);
  }
}
