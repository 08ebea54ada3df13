import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';

/** AES-256 keys by id. The current key encrypts; every key in the ring may decrypt. */
export interface Keyring {
  currentId: string;
  keys: Map<string, Buffer>;
}

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** Key id: short, stable, reveals nothing useful about the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('duckquery-key-id:').update(key).digest('hex').slice(0, 12);
}

export function parseKey(base64: string, origin: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) {
    throw new SecretKeyError(`${origin} must be 32 bytes encoded as base64 (it decodes to ${key.length} bytes)`);
  }
  return key;
}

export function generateKeyBase64(): string {
  return randomBytes(32).toString('base64');
}

/** Writes a key file readable by its owner only, without ever replacing an existing one. */
export function writeKeyFile(keyPath: string, base64: string): void {
  fs.mkdirSync(path.dirname(keyPath), { recursive: true });
  fs.writeFileSync(keyPath, `${base64}\n`, { mode: 0o600, flag: 'wx' });
}

/** The key from DUCKQUERY_SECRET_KEY, else `$DATA_DIR/secret.key`, created (0600) on first start. */
export function loadKeyring(config: Pick<AppConfig, 'secretKeyFromEnv' | 'secretKeyPath' | 'previousSecretKeys'>): Keyring {
  let current: Buffer;
  if (config.secretKeyFromEnv) {
    current = parseKey(config.secretKeyFromEnv, 'DUCKQUERY_SECRET_KEY');
  } else {
    if (!fs.existsSync(config.secretKeyPath)) {
      try {
        writeKeyFile(config.secretKeyPath, generateKeyBase64());
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process won the race
      }
    }
    current = parseKey(fs.readFileSync(config.secretKeyPath, 'utf8'), config.secretKeyPath);
  }
  const keys = new Map<string, Buffer>([[keyIdOf(current), current]]);
  // A key rotation that was interrupted (see rotate-key.ts) may already have re-encrypted with it.
  const interruptedRotation = `${config.secretKeyPath}.next`;
  if (!config.secretKeyFromEnv && fs.existsSync(interruptedRotation)) {
    const next = parseKey(fs.readFileSync(interruptedRotation, 'utf8'), interruptedRotation);
    keys.set(keyIdOf(next), next);
  }
  config.previousSecretKeys.forEach((k, i) => {
    const key = parseKey(k, `DUCKQUERY_PREVIOUS_SECRET_KEYS[${i}]`);
    keys.set(keyIdOf(key), key);
  });
  return { currentId: keyIdOf(current), keys };
}
