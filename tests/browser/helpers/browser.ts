import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no downloaded browsers). Every page records what a
 * user would call a fault: console errors, uncaught exceptions, failed requests and HTTP errors.
 * A test that provokes an error on purpose declares it with `expectFault`.
 */
export const CHROMIUM = process.env.DUCKQUERY_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
export const VIEWPORT = { width: 1280, height: 800 };

export interface Fault {
  kind: 'console' | 'pageerror' | 'requestfailed' | 'http';
  text: string;
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  faults: Fault[];
  /** Declares faults matching `pattern` as provoked by the test (e.g. a query that must fail). */
  expectFault(pattern: RegExp): void;
  /** Faults not declared by expectFault. */
  unexpectedFaults(): Fault[];
  /** Forgets the faults seen and declared so far (between tests). */
  resetFaults(): void;
  close(): Promise<void>;
}

export async function openBrowser(baseUrl: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT, colorScheme: options.colorScheme ?? 'light', acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const faults: Fault[] = [];
  const expected: RegExp[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') faults.push({ kind: 'console', text: `${message.text()} @ ${message.location().url}` });
  });
  page.on('pageerror', (error) => faults.push({ kind: 'pageerror', text: error.stack ?? error.message }));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // Navigations away abort in-flight fetches and RSC prefetches: that is not a fault.
    if (reason.includes('ERR_ABORTED')) return;
    faults.push({ kind: 'requestfailed', text: `${request.method()} ${request.url()}: ${reason}` });
  });
  page.on('response', (response) => {
    if (response.status() >= 400) faults.push({ kind: 'http', text: `${response.status()} ${response.request().method()} ${response.url()}` });
  });
  return {
    browser,
    context,
    page,
    faults,
    expectFault: (pattern) => expected.push(pattern),
    unexpectedFaults: () => faults.filter((f) => !expected.some((p) => p.test(f.text))),
    resetFaults: () => {
      faults.length = 0;
      expected.length = 0;
    },
    close: () => browser.close(),
  };
}

/** A 1280×800 PNG of the current page in docs/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: false });
}

/** On a failed test: what the page showed, in the temp folder (never in docs/). */
export async function failureScreenshot(page: Page, testName: string): Promise<void> {
  const dir = path.join(os.tmpdir(), 'duckquery-browser-failures');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${testName.replace(/[^\w]+/g, '-').slice(0, 80)}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  console.log(`[browser test] failure screenshot: ${file}`);
}

/** After each test: a screenshot of the page when it failed, and no console error or failed request. */
export function expectNoFaultsAfterEach(session: () => BrowserSession): void {
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await failureScreenshot(session().page, context.task.name);
    const faults = session().unexpectedFaults();
    session().resetFaults();
    expect(faults).toEqual([]);
  });
}
