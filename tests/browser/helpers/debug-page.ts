import { startServer, acquireE2eLock, buildIfStale } from '../../helpers/built-server';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `npx tsx tests/browser/helpers/debug-page.ts`: a built server on temp dirs for poking at by hand; prints its URL. */
const release = await acquireE2eLock(900_000);
buildIfStale();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'duckquery-debug-'));
fs.mkdirSync(path.join(root, 'config'));
const server = await startServer({ dataDir: path.join(root, 'data'), configDir: path.join(root, 'config') }, 90_000, { env: { DUCKQUERY_SKIP_LEGACY_IMPORT: 'true' } });
console.log(server.baseUrl);
process.on('SIGTERM', async () => {
  await server.stop();
  release();
  process.exit(0);
});
setInterval(() => undefined, 1 << 30);
