import { acquireE2eLock, buildIfStale } from '../../helpers/built-server';

/** `npx tsx tests/browser/helpers/build.ts`: builds (when stale) under the checkout's e2e lock. */
const release = await acquireE2eLock(900_000);
try {
  const ms = buildIfStale();
  console.log(ms ? `built in ${Math.round(ms / 1000)} s` : 'build is fresh');
} finally {
  release();
}
