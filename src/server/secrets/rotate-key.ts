import fs from 'node:fs';
import type { AppConfig } from '../config';
import type { Database } from '../db/database';
import { queryRows } from '../db/rows';
import { decryptSecret, encryptSecret, isEncryptedSecret } from './cipher';
import { SecretKeyError, generateKeyBase64, keyIdOf, loadKeyring, parseKey, writeKeyFile, type Keyring } from './keyring';

export interface RotationResult {
  oldKeyId: string;
  newKeyId: string;
  secretsReencrypted: number;
  connections: number;
  /** Where the retired key file was moved (file keys only); delete it once backups no longer need it. */
  retiredKeyPath: string | null;
}

/** Where a rotation in progress keeps the new key until the database has switched to it. */
export const nextKeyPath = (config: Pick<AppConfig, 'secretKeyPath'>) => `${config.secretKeyPath}.next`;

/**
 * Re-encrypts every stored secret under a new key, in one transaction.
 *
 * File key (`$DATA_DIR/secret.key`): the new key is written to `secret.key.next` first, then the
 * database switches in one commit, then the files are swapped. A crash at any point leaves a
 * state that start-up can read (loadKeyring also accepts `secret.key.next`) and that running the
 * command again finishes. Env key: `newKeyBase64` is required, and afterwards the operator sets
 * DUCKQUERY_SECRET_KEY to it (keeping the old one in DUCKQUERY_PREVIOUS_SECRET_KEYS until restart).
 */
export async function rotateSecretKey(database: Database, config: AppConfig, newKeyBase64?: string): Promise<RotationResult> {
  const current = loadKeyring(config);
  const nextPath = nextKeyPath(config);
  if (config.secretKeyFromEnv && !newKeyBase64) {
    throw new SecretKeyError('The key comes from DUCKQUERY_SECRET_KEY: pass the new key with --new-key (base64, 32 bytes).');
  }
  if (!config.secretKeyFromEnv && !fs.existsSync(nextPath)) writeKeyFile(nextPath, newKeyBase64 ?? generateKeyBase64());
  const newKey = config.secretKeyFromEnv ? parseKey(newKeyBase64!, '--new-key') : parseKey(fs.readFileSync(nextPath, 'utf8'), nextPath);
  const newId = keyIdOf(newKey);
  const target: Keyring = { currentId: newId, keys: new Map([...current.keys, [newId, newKey]]) };

  const { secretsReencrypted, connections } = await database.transaction(async (connection) => {
    const rows = await queryRows<{ id: string; params: string }>(connection, 'SELECT id, params FROM system_datasources');
    let count = 0;
    for (const row of rows) {
      const params = JSON.parse(row.params) as Record<string, unknown>;
      let changed = false;
      for (const [key, value] of Object.entries(params)) {
        if (isEncryptedSecret(value) && !value.startsWith(`dq:v1:${newId}:`)) {
          params[key] = encryptSecret(decryptSecret(value, target), target);
          changed = true;
          count++;
        }
      }
      if (changed) await connection.run('UPDATE system_datasources SET params = $2::JSON WHERE id = $1', [row.id, JSON.stringify(params)]);
    }
    return { secretsReencrypted: count, connections: rows.length };
  });

  let retiredKeyPath: string | null = null;
  if (!config.secretKeyFromEnv) {
    retiredKeyPath = `${config.secretKeyPath}.${current.currentId}.retired`;
    if (current.currentId !== newId) fs.renameSync(config.secretKeyPath, retiredKeyPath);
    fs.renameSync(nextPath, config.secretKeyPath);
  }
  return { oldKeyId: current.currentId, newKeyId: newId, secretsReencrypted, connections, retiredKeyPath };
}
