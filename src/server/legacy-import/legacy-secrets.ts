import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { encryptSecret, isEncryptedSecret } from '../secrets/cipher';
import type { Keyring } from '../secrets/keyring';
import { SECRET_MASK, isSecretParam } from '../secrets/secret-fields';
import type { JsonObject } from './entry-fields';
import { decryptFernet, looksLikeFernetToken, parseFernetKey } from './fernet';

export interface LegacySecretKey {
  key: Buffer | null;
  /** Why there is no key; never the key itself. */
  problem: string | null;
}

/** `<configDir>/secret.key`: the Fernet key the legacy app encrypted passwords with. */
export function loadLegacySecretKey(configDir: string): LegacySecretKey {
  let text: string;
  try {
    text = fs.readFileSync(path.join(configDir, 'secret.key'), 'utf8');
  } catch {
    return { key: null, problem: 'secret.key was not found in the legacy config directory' };
  }
  const key = parseFernetKey(text);
  return key ? { key, problem: null } : { key: null, problem: 'secret.key is not a Fernet key (32 bytes, urlsafe base64)' };
}

export interface ConvertedSecrets {
  /** Params with every secret re-encrypted under our keyring, or removed when unusable. */
  params: JsonObject;
  /** A secret could not be recovered (token that does not verify, the mask): ask the user. */
  needsReentry: boolean;
  /** Keyed HMACs of the legacy secret values, for the entry's checksum: a bare hash would be an offline guessing oracle. */
  fingerprints: Record<string, string>;
}

/**
 * Legacy secret params, made safe to store: a Fernet token that verifies under the legacy key
 * is decrypted and re-encrypted with `encryptSecret`; plain text is encrypted; a token that does
 * not verify, or the `********` mask, is dropped and flagged. The legacy app passed such a token
 * on as the literal password (FORMATS.md): never do that.
 */
export function convertSecretParams(params: JsonObject, fernetKey: Buffer | null, keyring: Keyring): ConvertedSecrets {
  const out: JsonObject = {};
  const fingerprints: Record<string, string> = {};
  let needsReentry = false;
  for (const [name, value] of Object.entries(params)) {
    if (!isSecretParam(name) || value === null || value === '') {
      out[name] = value;
      continue;
    }
    fingerprints[name] = fingerprint(name, value, keyring);
    const plain = recoverPlainText(value, fernetKey);
    if (plain === null) needsReentry = true;
    else out[name] = isEncryptedSecret(plain) ? plain : encryptSecret(plain, keyring);
  }
  return { params: out, needsReentry, fingerprints };
}

/** The plain secret (or an already-encrypted DuckQuery one), or null when it cannot be recovered. */
function recoverPlainText(value: unknown, fernetKey: Buffer | null): string | null {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || value === SECRET_MASK) return null;
  if (isEncryptedSecret(value)) return value;
  if (!looksLikeFernetToken(value)) return value;
  return fernetKey ? decryptFernet(value, fernetKey) : null;
}

function fingerprint(name: string, value: unknown, keyring: Keyring): string {
  const key = keyring.keys.get(keyring.currentId)!;
  return createHmac('sha256', key).update('legacy-import-checksum\0').update(name).update('\0').update(JSON.stringify(value)).digest('hex');
}
