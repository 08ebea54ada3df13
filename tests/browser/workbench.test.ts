import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, expectNoFaultsAfterEach, openBrowser, screenshot } from './helpers/browser';
import { editorText, runSql, typeSql, waitForText } from './helpers/editor';
import { startBrowserTestServer, type BrowserTestServer } from './helpers/server';

/** The SQL editor, favorites and the data panel in Chromium, against the built server on a fresh data dir. */
let server: BrowserTestServer;
let session: BrowserSession;

beforeAll(async () => {
  server = await startBrowserTestServer({ env: { DUCKQUERY_SKIP_LEGACY_IMPORT: 'true' } });
  session = await openBrowser(server.server.baseUrl);
}, 1_500_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

expectNoFaultsAfterEach(() => session);

describe('the SQL workbench in a browser', () => {
  it('loads the editor, which accepts input, with a measured first load', async () => {
    const { page } = session;
    const started = Date.now();
    await page.goto('/');
    await page.locator('.cm-content[contenteditable="true"]').waitFor();
    await page.locator('.cm-content').click();
    await page.keyboard.insertText('-- ready');
    await waitForText(page.locator('.cm-content'), /-- ready/);
    const interactiveMs = Date.now() - started;
    const jsBytes = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script' || e.name.endsWith('.js'))
        .reduce((sum, e) => sum + (e as PerformanceResourceTiming).transferSize, 0),
    );
    console.log(`[ui load] first-load JS ${jsBytes} bytes transferred, interactive after ${interactiveMs} ms`);
    expect(jsBytes).toBeGreaterThan(0);
    expect(jsBytes).toBeLessThan(1_500_000);
    expect(interactiveMs).toBeLessThan(15_000);
  });

  it('runs a query with Ctrl+Enter, shows typed columns, pages through rows and charts them', async () => {
    const { page } = session;
    await runSql(page, 'SELECT range AS n, range * 2 AS doubled, \'row \' || range AS label FROM range(250)');
    const summary = page.getByTestId('result-summary');
    await waitForText(summary, /Rows 1–100 \(more available\)/);
    const headers = page.getByRole('columnheader');
    await waitForText(headers.nth(1), /doubled\s+BIGINT/i);
    await waitForText(page.getByRole('gridcell').nth(1), /^0$/);
    await page.getByRole('button', { name: 'Next page' }).click();
    await waitForText(summary, /Rows 101–200 \(more available\)/);
    await page.getByRole('tab', { name: 'chart' }).click();
    await page.getByRole('img', { name: /bar chart of n by label/i }).waitFor();
    expect(await page.locator('svg rect').count()).toBeGreaterThan(10);
    await page.getByRole('tab', { name: 'grid' }).click();
  });

  it('runs only the selection when text is selected', async () => {
    const { page } = session;
    await typeSql(page, "SELECT 'first' AS which;\nSELECT 'second' AS which;");
    // Select the second line only.
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForText(page.getByRole('gridcell').first(), /second/);
    expect(await page.getByRole('gridcell').count()).toBe(1);
  });

  it('shows a failing query’s error under the editor', async () => {
    const { page } = session;
    session.expectFault(/query\.run/);
    await runSql(page, 'SELECT * FROM no_such_table');
    await waitForText(page.getByRole('alert'), /no_such_table/);
  });

  it('creates a table with SQL, then completes its name and columns in the editor', async () => {
    const { page } = session;
    await runSql(
      page,
      "CREATE TABLE sales AS SELECT * FROM (VALUES ('north', 120.5, NULL), ('south', 80.0, 'promo'), ('east', 42.25, 'promo'), ('west', 99.0, NULL)) AS t(region, amount, campaign)",
    );
    await waitForText(page.getByTestId('result-summary'), /Done: CREATE TABLE sales/i);
    await page.getByRole('list', { name: 'Tables' }).getByRole('button', { name: 'sales', exact: true }).waitFor();
    await typeSql(page, 'SELECT * FROM sal');
    await page.keyboard.press('Control+Space');
    await waitForText(page.locator('.cm-tooltip-autocomplete'), /sales/);
    await page.locator('.cm-tooltip-autocomplete li', { hasText: /^sales/ }).first().click();
    await page.keyboard.insertText(' WHERE amo');
    await page.keyboard.press('Control+Space');
    await waitForText(page.locator('.cm-tooltip-autocomplete'), /amount/);
    await page.keyboard.press('Escape');
    expect(await editorText(page)).toMatch(/SELECT \* FROM sales WHERE amo/);
  });

  it('keeps a history of this session’s queries and reopens one', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'history' }).click();
    const history = page.getByRole('list', { name: 'Query history' });
    await waitForText(history, /CREATE TABLE sales/);
    await waitForText(history, /no_such_table/);
    await history.getByRole('button', { name: /range\(250\)/ }).click();
    expect(await editorText(page)).toMatch(/FROM range\(250\)/);
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForText(page.getByTestId('result-summary'), /Rows 1–100 \(more available\)/);
    await screenshot(page, 'query-editor');
  });

  it('saves the query as a favorite with Ctrl+S, finds it by tag, opens it and counts the use', async () => {
    const { page } = session;
    await typeSql(page, 'SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY total DESC');
    await page.keyboard.press('ControlOrMeta+s');
    const dialog = page.getByRole('dialog', { name: 'Save as favorite' });
    await dialog.getByLabel('Name').fill('Sales by region');
    await dialog.getByLabel('Tags').fill('sales, demo');
    await dialog.getByLabel('Description').fill('Totals per region');
    await dialog.getByRole('button', { name: 'Save favorite' }).click();
    await waitForText(page.getByRole('status'), /Saved as favorite “Sales by region”/);

    // A second favorite with the same name is refused, and the reason shows under the name.
    session.expectFault(/favorites\.create/);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Save favorite/ }).click();
    const again = page.getByRole('dialog', { name: 'Save as favorite' });
    await again.getByLabel('Name').fill('Sales by region');
    await again.getByRole('button', { name: 'Save favorite' }).click();
    await waitForText(again.getByRole('alert'), /already exists/);
    await again.getByRole('button', { name: 'Cancel' }).click();

    await page.keyboard.press('Alt+3');
    await page.waitForURL('**/favorites');
    const item = page.getByRole('listitem', { name: 'Sales by region' });
    await waitForText(item, /#sales[\s\S]*Totals per region[\s\S]*Used 0 times/);
    await page.getByRole('button', { name: '#demo' }).click();
    await waitForText(page.getByRole('list', { name: 'Favorites' }), /Sales by region/);
    await screenshot(page, 'favorites');
    await item.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await waitForText(page.locator('.cm-content'), /sum\(amount\) AS total FROM sales/);
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForText(page.getByRole('gridcell').first(), /north/);

    await page.keyboard.press('Alt+3');
    await waitForText(page.getByRole('listitem', { name: 'Sales by region' }).getByTestId('usage-count'), /Used 1 time$/);
  });

  it('edits and deletes a favorite with confirmation', async () => {
    const { page } = session;
    const item = page.getByRole('listitem', { name: 'Sales by region' });
    await item.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: /Edit Sales by region/ });
    await dialog.getByLabel('Name').fill('Regional sales');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    const renamed = page.getByRole('listitem', { name: 'Regional sales' });
    await renamed.waitFor();
    await renamed.getByRole('button', { name: 'Delete Regional sales' }).click();
    await page.getByRole('dialog', { name: /Delete Regional sales/ }).getByRole('button', { name: 'Delete favorite' }).click();
    await waitForText(page.getByRole('main'), /No favorites yet/);
  });

  it('shows data sources with a profile per column and a paged preview; refreshes and deletes with confirmation', async () => {
    const { page } = session;
    await runSqlOnEditorPage(page, "CREATE TABLE big_numbers AS SELECT range AS id, range % 7 AS bucket, CASE WHEN range % 5 = 0 THEN NULL ELSE 'x' || range END AS maybe FROM range(1234)");
    await page.keyboard.press('Alt+2');
    await page.waitForURL('**/sources');
    const list = page.getByRole('table', { name: 'Data sources' });
    await waitForText(list, /big_numbers[\s\S]*1,234/);
    await page.getByLabel('Search data sources').fill('big');
    await waitForText(list, /big_numbers/);
    expect(await list.innerText()).not.toMatch(/\bsales\b/);
    await list.getByRole('button', { name: 'big_numbers' }).click();
    const maybe = page.getByRole('article', { name: 'Column maybe' });
    await waitForText(maybe, /Nulls\s+247 \(20%\)/);
    await waitForText(maybe, /Distinct\s+987/);
    await page.getByRole('article', { name: 'Column bucket' }).getByRole('img', { name: 'Distribution' }).waitFor();
    await screenshot(page, 'data-sources');
    await page.getByRole('tab', { name: 'Data preview' }).click();
    await waitForText(page.getByTestId('preview-range'), /Rows 1–100 of 1,234/);
    await page.getByRole('button', { name: 'Next ›' }).last().click();
    await waitForText(page.getByTestId('preview-range'), /Rows 101–200 of 1,234/);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('button', { name: 'Refresh' }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete big_numbers/ });
    await confirm.getByRole('button', { name: 'Delete table' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await waitForText(page.getByRole('main'), /Select a data source/);
    await page.getByLabel('Search data sources').fill('');
    await waitForText(list, /sales/);
    await expect.poll(() => list.innerText(), { timeout: 30_000 }).not.toMatch(/big_numbers/);
  });

  it('switches to dark mode and keeps it across a reload', async () => {
    const { page } = session;
    await page.keyboard.press('Alt+1');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('button', { name: /light and dark/ }).click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await page.reload();
    await page.locator('.cm-content').waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await runSql(page, 'SELECT region, amount FROM sales ORDER BY amount DESC');
    await waitForText(page.getByRole('gridcell').first(), /north/);
    await screenshot(page, 'query-editor-dark');
    await page.getByRole('button', { name: /light and dark/ }).click();
  });
});

async function runSqlOnEditorPage(page: BrowserSession['page'], sql: string) {
  if (new URL(page.url()).pathname !== '/') {
    await page.keyboard.press('Alt+1');
    await page.waitForURL((url) => url.pathname === '/');
  }
  await runSql(page, sql);
  await waitForText(page.getByTestId('result-summary'), /Done/);
}
