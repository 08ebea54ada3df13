/**
 * npm run rotate-key -- [--new-key BASE64]
 * Re-encrypts every stored connection secret under a new key (see src/server/secrets/rotate-key.ts).
 * Stop the server first: DuckDB lets one process open the database file.
 * Never prints a key.
 */
import { loadConfig } from '../src/server/config';
import { Database } from '../src/server/db/database';
import { errorMessage } from '../src/server/db/errors';
import { runSchemaMigrations } from '../src/server/db/schema-migrations';
import { rotateSecretKey } from '../src/server/secrets/rotate-key';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--new-key');
  const newKey = at >= 0 ? args[at + 1] : process.env.DUCKQUERY_NEW_SECRET_KEY;
  const config = loadConfig();
  const database = await Database.open(config.dbPath);
  try {
    await runSchemaMigrations(database);
    const result = await rotateSecretKey(database, config, newKey);
    console.log(`Re-encrypted ${result.secretsReencrypted} secret(s) in ${result.connections} connection(s): key ${result.oldKeyId} -> ${result.newKeyId}.`);
    if (result.retiredKeyPath) console.log(`The old key is in ${result.retiredKeyPath}; delete it once no backup needs it.`);
    else console.log('Now set DUCKQUERY_SECRET_KEY to the new key and restart DuckQuery.');
    return 0;
  } finally {
    database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`rotate-key: ${errorMessage(error)}`);
    process.exit(2);
  },
);
