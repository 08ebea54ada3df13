import { decryptSecret, encryptSecret, isEncryptedSecret } from '../secrets/cipher';
import type { Keyring } from '../secrets/keyring';
import { SECRET_MASK, isSecretParam, maskParams } from '../secrets/secret-fields';
import type { DatasourceView, StoredDatasource } from './datasource';
import { findConnector } from '../connectors/registry';

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
  type?: string,
): { params: Record<string, unknown>; newSecretGiven: boolean } {
  const params: Record<string, unknown> = {};
  let newSecretGiven = false;
  const secret = secretTest(type);
  for (const [key, value] of Object.entries(incoming)) {
    if (!secret(key)) params[key] = value;
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

/** What a response may show: every secret masked, the global names and those the type's connector declares. */
export function toView(datasource: StoredDatasource): DatasourceView {
  const secret = secretTest(datasource.type);
  const masked = maskParams(datasource.params);
  for (const key of Object.keys(masked)) if (secret(key) && masked[key] != null && masked[key] !== '') masked[key] = SECRET_MASK;
  return { ...datasource, params: masked };
}

/** Secret params: the names secret for every type (secret-fields.ts) plus the connector's own. */
function secretTest(type: string | undefined): (key: string) => boolean {
  const declared = new Set(type ? (findConnector(type)?.secretFields ?? []) : []);
  return (key) => isSecretParam(key) || declared.has(key);
}

/** Plain params for a connector to use; never to be returned to a client or logged. */
export function openParams(params: Record<string, unknown>, keyring: Keyring): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, isEncryptedSecret(value) ? decryptSecret(value, keyring) : value]),
  );
}
