/**
 * First load of the built workbench in Debian's Chromium: JavaScript transferred and time until
 * the SQL editor accepts input. `npx tsx bench/ui-load.ts` (builds first when stale, under the
 * e2e lock). Each run uses a fresh browser context: a cold cache, as a first visit is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { acquireE2eLock, buildIfStale, startServer } from '../tests/helpers/built-server';

const RUNS = 5;
const release = await acquireE2eLock(1_200_000);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'duckquery-ui-load-'));
fs.mkdirSync(path.join(root, 'config'));
try {
  buildIfStale();
  const server = await startServer({ dataDir: path.join(root, 'data'), configDir: path.join(root, 'config') }, 90_000, { env: { DUCKQUERY_SKIP_LEGACY_IMPORT: 'true' } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const runs: { jsBytes: number; jsDecoded: number; scripts: number; domContentLoadedMs: number; interactiveMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/`);
      await page.locator('.cm-content[contenteditable="true"]').click();
      await page.keyboard.insertText('x');
      await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent?.includes('x'));
      // Measured in the page, from navigation start: until the typed character is in the editor.
      runs.push(
        await page.evaluate(() => {
          const scripts = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')) as PerformanceResourceTiming[];
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return {
            jsBytes: scripts.reduce((sum, e) => sum + e.transferSize, 0),
            jsDecoded: scripts.reduce((sum, e) => sum + e.decodedBodySize, 0),
            scripts: scripts.length,
            domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
            interactiveMs: Math.round(performance.now()),
          };
        }),
      );
      await context.close();
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
    console.log(`First load of / (${RUNS} cold loads, median; ${os.cpus().length} cores, Chromium headless):`);
    console.log('| JS transferred (compressed) | JS decoded | script files | DOMContentLoaded | editor accepts input |');
    console.log('|---|---|---|---|---|');
    console.log(
      `| ${kb(median(runs.map((r) => r.jsBytes)))} | ${kb(median(runs.map((r) => r.jsDecoded)))} | ${median(runs.map((r) => r.scripts))} | ${median(runs.map((r) => r.domContentLoadedMs))} ms | ${median(runs.map((r) => r.interactiveMs))} ms |`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  release();
  fs.rmSync(root, { recursive: true, force: true });
}
