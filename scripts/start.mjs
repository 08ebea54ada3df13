#!/usr/bin/env node
/**
 * `npm start`: serves the built app with `next start` on HOST (default 127.0.0.1) and PORT
 * (default 3000). Without DUCKQUERY_ACCESS_TOKEN (or DUCKQUERY_ADMIN_TOKEN) it refuses to listen
 * on anything but loopback. The server checks the same rule again at boot, so running
 * `next start` directly is no way around it (src/server/auth/listen-policy.ts).
 *
 * SIGTERM, SIGINT and SIGHUP are passed to the server (which closes the database on them), and
 * its exit status becomes ours; a server killed by a signal is re-raised on this process.
 * Extra arguments go to `next start` (e.g. `npm start -- --keepAliveTimeout 70000`).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { accessTokenSet, isLoopbackHost } from './listen-host.mjs';

const host = process.env.HOST?.trim() || '127.0.0.1';
const port = process.env.PORT?.trim() || '3000';

if (!accessTokenSet(process.env) && !isLoopbackHost(host)) {
  console.error(
    `[duckquery] refusing to listen on ${host} without an access token: anyone who can reach this server could read and change every table. ` +
      'Set DUCKQUERY_ACCESS_TOKEN (at least 16 characters; see docs/CONFIGURATION.md, "Access control") or listen on loopback only (HOST=127.0.0.1, ::1 or localhost).',
  );
  process.exit(2);
}

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const child = spawn(process.execPath, [nextBin, 'start', '-H', host, '-p', port, ...process.argv.slice(2)], { stdio: 'inherit' });

const forwarded = /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP']);
for (const signal of forwarded) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.on('error', (error) => {
  console.error(`[duckquery] could not start next: ${error.message}`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
