import { decryptSecret, encryptSecret, isEncryptedSecret } from '../secrets/cipher';
import type { Keyring } from '../secrets/keyring';
import { SECRET_MASK, isSecretParam, maskParams } from '../secrets/secret-fields';
import type { DatasourceView, StoredDatasource } from './datasource';

/**
 * Turns params sent by a client into params to store:
 * - a secret sent as "********" (or left out on update) keeps the stored ciphertext;
 * - a new secret is encrypted; an empty one clears it.
 * Returns whether a new secret was given, so a "needs re-entry" flag can be cleared.
 */
export function sealParams(
  incoming: Record<string, unknown>,
  stored: Record<string, unknown>,
  keyring: Keyring,
): { params: Record<string, unknown>; newSecretGiven: boolean } {
  const params: Record<string, unknown> = {};
  let newSecretGiven = false;
  for (const [key, value] of Object.entries(incoming)) {
    if (!isSecretParam(key)) params[key] = value;
    else if (value === SECRET_MASK) {
      if (stored[key] !== undefined) params[key] = stored[key];
    } else if (value === null || value === undefined || value === '') {
      // cleared
    } else {
      // Always plain text from a client (it only ever sees the mask): something shaped like our
      // ciphertext is encrypted like any other value, never stored as if it were ciphertext.
      params[key] = encryptSecret(String(value), keyring);
      newSecretGiven = true;
    }
  }
  return { params, newSecretGiven };
}

/** What a response may show. */
export function toView(datasource: StoredDatasource): DatasourceView {
  return { ...datasource, params: maskParams(datasource.params) };
}

/** Plain params for a connector to use; never to be returned to a client or logged. */
export function openParams(params: Record<string, unknown>, keyring: Keyring): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, isEncryptedSecret(value) ? decryptSecret(value, keyring) : value]),
  );
}
