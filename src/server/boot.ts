import { enforceAccessPolicyAtBoot } from './auth/boot-check';
import { getProcessApp } from './db/instance';
import { errorMessage } from './db/errors';
import { allProfilesSettled } from './ingest/profile-table';
import { log } from './log';

const PROFILE_WAIT_ON_EXIT_MS = 5_000;

/**
 * Start-up of the Next.js server process (called by src/instrumentation.ts, Node runtime only):
 * open the database, migrate, self-check, import legacy JSON. A broken or mismatched schema
 * stops the process with the reason instead of serving errors. On SIGTERM/SIGINT the database is
 * closed, which checkpoints it, so the next start replays no write-ahead log.
 */
export async function bootServer(): Promise<void> {
  try {
    enforceAccessPolicyAtBoot(); // no token: loopback only (docs/CONFIGURATION.md, "Access control")
    const { app } = await getProcessApp();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, async () => {
        // A column profile still being computed would have the database closed under it.
        await Promise.race([allProfilesSettled(), new Promise((resolve) => setTimeout(resolve, PROFILE_WAIT_ON_EXIT_MS))]);
        try {
          app.database.close();
        } catch (error) {
          log.error(`closing the database on ${signal}: ${errorMessage(error)}`);
        }
        process.exit(0);
      });
    }
  } catch (error) {
    log.error(`start-up failed: ${errorMessage(error)}`);
    process.exit(1);
  }
}
