import { acquireE2eLock, buildIfStale, startServer, type RunningServer, type StartOptions } from '../../helpers/built-server';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BrowserTestServer {
  server: RunningServer;
  dirs: { root: string; dataDir: string; configDir: string };
  stop(): Promise<void>;
}

/**
 * One built server per test file, on fresh temp data/config dirs, holding the checkout's e2e lock
 * (builds and servers of concurrent runs are serialised by it). `prepare` may fill the dirs first.
 */
export async function startBrowserTestServer(options: StartOptions & { prepare?: (dirs: { dataDir: string; configDir: string }) => void } = {}): Promise<BrowserTestServer> {
  const release = await acquireE2eLock(1_200_000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'duckquery-browser-'));
  const dirs = { root, dataDir: path.join(root, 'data'), configDir: path.join(root, 'config') };
  fs.mkdirSync(dirs.configDir, { recursive: true });
  const cleanup = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    buildIfStale();
    options.prepare?.(dirs);
    const server = await startServer(dirs, 90_000, options);
    return {
      server,
      dirs,
      async stop() {
        try {
          await server.stop();
        } finally {
          release();
          cleanup();
        }
      },
    };
  } catch (error) {
    release();
    cleanup();
    throw error;
  }
}
