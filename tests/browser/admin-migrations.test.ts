import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySampleConfig } from '../helpers/legacy-fixtures';
import { type BrowserSession, expectNoFaultsAfterEach, openBrowser, screenshot } from './helpers/browser';
import { waitForText } from './helpers/editor';
import { startBrowserTestServer, type BrowserTestServer } from './helpers/server';

/**
 * Admin → Migrations in Chromium: the legacy samples (../shared/legacy/samples) sit in the config
 * folder, start-up import is off, and the admin previews, runs and re-runs the import from the page.
 */
let server: BrowserTestServer;
let session: BrowserSession;

beforeAll(async () => {
  server = await startBrowserTestServer({ env: { DUCKQUERY_SKIP_LEGACY_IMPORT: 'true' }, prepare: (dirs) => copySampleConfig(dirs.configDir) });
  session = await openBrowser(server.server.baseUrl);
}, 1_500_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

expectNoFaultsAfterEach(() => session);

describe('Admin → Migrations in a browser', () => {
  it('shows the schema ledger and a dry-run preview of the legacy files, and why one is skipped', async () => {
    const { page } = session;
    await page.goto('/');
    await page.keyboard.press('Alt+6');
    await page.waitForURL('**/admin/migrations');
    await waitForText(page.getByRole('table', { name: 'Schema migration ledger' }), /0001_system_tables\.sql\s+applied/);
    const favorites = page.getByRole('article', { name: 'Legacy file sql-favorites.json' }).first();
    await waitForText(favorites, /would import[\s\S]*3 entries: 3 new, 0 updated, 0 unchanged, 0 skipped/);
    await waitForText(page.getByRole('article', { name: 'Legacy file file-datasources.json' }).first(), /8 entries: 8 new/);
    await waitForText(page.getByRole('article', { name: 'Legacy file mysql-configs.json' }).first(), /Skipped: datasources\.json has database_sources/);
    await waitForText(page.getByRole('region', { name: 'Import history' }).or(page.locator('section[aria-labelledby="legacy-history"]')), /No legacy import has run yet/);
    // A dry run touches nothing.
    expect(fs.existsSync(path.join(server.dirs.configDir, 'sql-favorites.json'))).toBe(true);
  });

  it('runs the import: each file imported with its backup, the history recorded, the preview now empty', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Run import' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Result of the run' });
    await waitForText(result, /sql-favorites\.json\s+imported[\s\S]*3 entries: 3 new/);
    await waitForText(result, /Backup: \S*sql-favorites\.json\.bak/);
    await waitForText(page.getByRole('table', { name: 'Legacy import history' }), /sql-favorites\.json\s+imported\s+3\s+3 \/ 0 \/ 0/);
    // Only the file the legacy app ignored is still there, skipped again; nothing is left to import.
    const panel = page.locator('section[aria-labelledby="legacy-import"]');
    await waitForText(panel.getByRole('article', { name: 'Legacy file mysql-configs.json' }).last(), /Skipped: datasources\.json has database_sources/);
    expect(await panel.getByText('would import').count()).toBe(0);
    expect(fs.existsSync(path.join(server.dirs.configDir, 'sql-favorites.json.bak'))).toBe(true);
    expect(fs.existsSync(path.join(server.dirs.configDir, 'sql-favorites.json'))).toBe(false);
    await screenshot(page, 'admin-migrations');
  });

  it('re-runs from the backups with force: nothing new, everything unchanged', async () => {
    const { page } = session;
    await page.getByLabel('Re-run from backups (force)').check();
    await waitForText(page.getByRole('article', { name: 'Legacy file sql-favorites.json' }).last(), /3 entries: 0 new, 0 updated, 3 unchanged/);
    await page.getByRole('button', { name: 'Re-run import' }).click();
    await waitForText(page.getByRole('table', { name: 'Legacy import history' }), /sql-favorites\.json\s*\(forced\)\s+imported\s+3\s+0 \/ 0 \/ 0/);
  });

  it('filters the audit log and pages through it', async () => {
    const { page } = session;
    const log = page.getByRole('table', { name: 'Audit log' });
    await waitForText(log, /legacy_import\.file/);
    await page.getByLabel('Filter by action').fill('legacy_import.file');
    await waitForText(page.getByTestId('audit-range'), /of \d+/);
    const actions = await log.locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['legacy_import.file']));
    await page.getByLabel('Filter by outcome').selectOption('error');
    await waitForText(page.getByTestId('audit-range'), /No entries/);
    await page.getByLabel('Filter by outcome').selectOption('');
    await log.locator('tbody tr').first().click();
    await waitForText(log, /"file":/);
  });

  it('says how to rotate the key: there is no procedure for it, so the page shows the command', async () => {
    const { page } = session;
    await waitForText(page.locator('section[aria-labelledby="key-rotation"]'), /npm run rotate-key/);
  });

  it('shows what was imported: favorites and connections (their passwords never shown)', async () => {
    const { page } = session;
    await page.keyboard.press('Alt+3');
    await waitForText(page.getByRole('list', { name: 'Favorites' }), /月度销售汇总/);
    await page.keyboard.press('Alt+4');
    const list = page.getByRole('list', { name: 'Connections' });
    await waitForText(list, /Orders \(MySQL\)/);
    await list.getByRole('button', { name: /Orders \(MySQL\)/ }).click();
    const detail = page.getByRole('region', { name: 'Connection Orders (MySQL)' });
    await waitForText(detail, /password\s+stored encrypted, never shown/);
    expect(await page.content()).not.toContain('r3port-pass!');
    // The Data screen lists the connections beside the tables and the imported file sources.
    await page.keyboard.press('Alt+2');
    await waitForText(page.getByRole('region', { name: 'Connection sources' }), /Orders \(MySQL\)\s+mysql/);
  });
});
