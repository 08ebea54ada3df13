import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG, pgAdmin, uniquePrefix } from '../connectors/servers';
import { type BrowserSession, expectNoFaultsAfterEach, openBrowser, screenshot } from './helpers/browser';
import { waitForText } from './helpers/editor';
import { startBrowserTestServer, type BrowserTestServer } from './helpers/server';

/**
 * Connections in Chromium against the CI PostgreSQL server (scripts/ci/start-db-servers.sh):
 * a form generated from the connector's schema, test, save, browse, query and import into DuckDB.
 */
let server: BrowserTestServer;
let session: BrowserSession;
let admin: pg.Client;
const table = uniquePrefix('ui_orders').toLowerCase();

beforeAll(async () => {
  admin = await pgAdmin();
  await admin.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, customer text, amount numeric(10,2), placed date)`);
  await admin.query(`INSERT INTO ${table} SELECT g, 'customer ' || g, g * 1.5, DATE '2025-01-01' + g FROM generate_series(1, 300) g`);
  server = await startBrowserTestServer({ env: { DUCKQUERY_SKIP_LEGACY_IMPORT: 'true' } });
  session = await openBrowser(server.server.baseUrl);
}, 1_500_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
  await admin?.query(`DROP TABLE IF EXISTS ${table}`);
  await admin?.end();
});

expectNoFaultsAfterEach(() => session);

describe('Connections in a browser', () => {
  it('builds the PostgreSQL form from its parameter schema and reports a failed test in words', async () => {
    const { page } = session;
    await page.goto('/connections');
    await page.getByRole('button', { name: '+ New connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    await dialog.getByLabel('Connection type').selectOption('postgresql');
    // Fields come from the schema: defaults filled in, the password a password input.
    expect(await dialog.getByLabel('Port', { exact: true }).inputValue()).toBe(String(5432));
    expect(await dialog.getByLabel('Password').getAttribute('type')).toBe('password');
    await dialog.getByLabel('Name', { exact: true }).fill('CI PostgreSQL');
    await dialog.getByLabel('Host *').fill(PG.host);
    await dialog.getByLabel('Port', { exact: true }).fill(String(PG.port));
    await dialog.getByLabel('User *').fill(PG.user);
    await dialog.getByLabel('Database *').fill(PG.database);
    await dialog.getByLabel('Password').fill('wrong-password');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await waitForText(dialog.getByTestId('connection-test-result'), /✗ Not connected: .*(password|authentication)/i);
  });

  it('tests with the right password, saves, and never shows the password again', async () => {
    const { page } = session;
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    await dialog.getByLabel('Password').fill(PG.password);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await waitForText(dialog.getByTestId('connection-test-result'), /✓ Connected[\s\S]*PostgreSQL/);
    await dialog.getByRole('button', { name: 'Save connection' }).click();
    const detail = page.getByRole('region', { name: 'Connection CI PostgreSQL' });
    await waitForText(detail, /password\s+stored encrypted, never shown/);
    await detail.getByRole('button', { name: 'Test', exact: true }).click();
    await waitForText(detail.getByTestId('connection-test-result'), /✓ Connected/);
    await waitForText(page.getByRole('list', { name: 'Connections' }), /CI PostgreSQL\s+active/);
    expect(await page.content()).not.toContain(PG.password);
    // Editing shows the password blank ("unchanged"), never the stored value or its mask.
    await detail.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit CI PostgreSQL' });
    expect(await edit.getByLabel('Password').inputValue()).toBe('');
    await edit.getByRole('button', { name: 'Test saved connection' }).click();
    await waitForText(edit.getByTestId('connection-test-result'), /✓ Connected/);
    await edit.getByRole('button', { name: 'Cancel' }).click();
  });

  it('browses the tables, describes one and imports it into DuckDB with progress', async () => {
    const { page } = session;
    const detail = page.getByRole('region', { name: 'Connection CI PostgreSQL' });
    await detail.getByRole('button', { name: 'Browse tables' }).click();
    await detail.getByRole('list', { name: 'External tables' }).getByRole('button', { name: `public.${table}` }).click();
    await waitForText(detail.getByRole('table', { name: `Columns of ${table}` }), /amount\s+numeric\(10,2\)\s+DECIMAL\(10,2\)/);
    await waitForText(detail, /300 rows/);
    await screenshot(page, 'connections');
    const importForm = detail.getByRole('form', { name: 'Import into DuckDB' }).first();
    await importForm.getByRole('button', { name: 'Import into DuckDB' }).click();
    await waitForText(importForm.getByRole('status'), new RegExp(`Imported into DuckDB as ${table}`), 60_000);
    await waitForText(importForm.getByTestId('progress-text'), /done[\s\S]*300 rows/);

    await page.keyboard.press('Alt+2');
    await waitForText(page.getByRole('table', { name: 'Data sources' }), new RegExp(`${table}[\\s\\S]*300`));
  });

  it('runs SQL on the external database and shows its result', async () => {
    const { page } = session;
    await page.keyboard.press('Alt+4');
    await page.getByRole('list', { name: 'Connections' }).getByRole('button', { name: /CI PostgreSQL/ }).click();
    const detail = page.getByRole('region', { name: 'Connection CI PostgreSQL' });
    await detail.getByRole('button', { name: 'Browse tables' }).click();
    await detail.getByLabel('SQL for the external database').fill(`SELECT count(*) AS n, sum(amount) AS total FROM ${table}`);
    await detail.getByRole('button', { name: 'Run on this database' }).click();
    await waitForText(detail.getByTestId('external-query-summary'), /^1 rows/);
    await waitForText(detail.getByRole('gridcell').first(), /^300$/);
  });

  it('shows a bad parameter next to its field, and deletes a connection after confirmation', async () => {
    const { page } = session;
    await page.getByRole('button', { name: '+ New connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    await dialog.getByLabel('Connection type').selectOption('postgresql');
    await dialog.getByLabel('Name', { exact: true }).fill('Broken');
    await dialog.getByLabel('Host *').fill('127.0.0.1');
    await dialog.getByLabel('Database *').fill('x');
    await dialog.getByRole('button', { name: 'Save connection' }).click();
    // The user is missing: the message stands under the User field, and nothing is saved.
    await waitForText(dialog.locator('label', { hasText: 'User *' }).getByRole('alert'), /Required/);
    await dialog.getByLabel('Port', { exact: true }).fill('70000');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await waitForText(dialog.locator('label', { hasText: /^Port/ }).getByRole('alert'), /At most 65535/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const detail = page.getByRole('region', { name: 'Connection CI PostgreSQL' });
    await detail.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: /Delete CI PostgreSQL/ }).getByRole('button', { name: 'Delete connection' }).click();
    await waitForText(page.getByRole('list', { name: 'Connections' }), /No connections yet/);
  });
});
