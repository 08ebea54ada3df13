import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, expectNoFaultsAfterEach, openBrowser, screenshot } from './helpers/browser';
import { runSql, typeSql, waitForText } from './helpers/editor';
import { startBrowserTestServer, type BrowserTestServer } from './helpers/server';

/**
 * Getting data in and background tasks, in Chromium against the built server: a dropped CSV, a
 * large CSV sent in chunks, an Excel workbook's sheets, pasted text, a server folder; then a task
 * cancelled, one finished and downloaded as CSV and Parquet.
 */
let server: BrowserTestServer;
let session: BrowserSession;
let files: string;
let mountDir: string;
let web: http.Server;
let webBase: string;

async function workbook(file: string) {
  const book = new ExcelJS.Workbook();
  const sales = book.addWorksheet('Sales 2024');
  sales.addRow(['region', 'amount']);
  for (const [region, amount] of [['north', 10], ['south', 20], ['east', 30]] as const) sales.addRow([region, amount]);
  book.addWorksheet('Notes').addRow(['just', 'text']);
  await book.xlsx.writeFile(file);
}

beforeAll(async () => {
  const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'duckquery-browser-mount-'));
  fs.mkdirSync(path.join(mount, 'reports', '2025'), { recursive: true });
  fs.writeFileSync(path.join(mount, 'reports', '2025', 'cities.csv'), 'city,population\nLyon,522000\nNantes,320000\n');
  mountDir = mount;
  // A web server on loopback for URL imports (allowed by DUCKQUERY_URL_ALLOW_HOSTS; loopback is refused otherwise).
  web = http.createServer((req, res) => {
    if (req.url === '/rates.csv') res.writeHead(200, { 'content-type': 'text/csv' }).end('currency,rate\nEUR,1.0\nUSD,1.08\nJPY,161.2\n');
    else res.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webBase = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
  server = await startBrowserTestServer({
    env: {
      DUCKQUERY_SKIP_LEGACY_IMPORT: 'true',
      DUCKQUERY_SERVER_MOUNTS: JSON.stringify([{ label: 'Team data', path: mount }]),
      DUCKQUERY_URL_ALLOW_HOSTS: '127.0.0.1',
    },
  });
  session = await openBrowser(server.server.baseUrl);
  files = path.join(server.dirs.root, 'client-files');
  fs.mkdirSync(files, { recursive: true });
}, 1_500_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
  if (mountDir) fs.rmSync(mountDir, { recursive: true, force: true });
  web?.close();
});

expectNoFaultsAfterEach(() => session);

async function openImport(page: BrowserSession['page'], tab: string) {
  if (!(await page.getByRole('dialog', { name: 'Import data' }).isVisible())) {
    await page.goto('/sources');
    await page.getByRole('button', { name: '+ Import data' }).click();
  }
  const dialog = page.getByRole('dialog', { name: 'Import data' });
  await dialog.getByRole('tab', { name: tab }).click();
  return dialog;
}

describe('importing data in a browser', () => {
  it('imports a CSV dropped on the dialog and shows its first rows', async () => {
    const { page } = session;
    const dialog = await openImport(page, 'File');
    // A real drop event carrying a File, as a person dragging from the desktop produces.
    const drop = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['product,price\nteapot,12.5\nmug,4\n'], 'products.csv', { type: 'text/csv' }));
      return data;
    });
    await dialog.getByText('Drop a file here').dispatchEvent('drop', { dataTransfer: drop });
    const result = dialog.getByRole('status', { name: 'Import result' });
    await waitForText(result, /Imported as products\S*: 2 rows, 2 columns[\s\S]*teapot/);
  });

  it('sends a large CSV in chunks with a progress bar, and lands every row', async () => {
    const { page } = session;
    const big = path.join(files, 'big_events.csv');
    const lines = ['id,kind,value'];
    for (let i = 0; i < 420_000; i++) lines.push(`${i},kind_${i % 13},${(i * 0.37).toFixed(2)}`);
    fs.writeFileSync(big, lines.join('\n') + '\n');
    expect(fs.statSync(big).size).toBeGreaterThan(8 * 1024 * 1024); // more than one chunk
    const dialog = await openImport(page, 'File');
    await dialog.getByLabel('File to import').setInputFiles(big);
    await dialog.getByRole('progressbar').first().waitFor();
    await waitForText(dialog.getByRole('status', { name: 'Import result' }), /Imported as big_events\S*: 420,000 rows, 3 columns/, 120_000);
  });

  it('asks which Excel sheets to import, then imports the chosen one', async () => {
    const { page } = session;
    const book = path.join(files, 'budget.xlsx');
    await workbook(book);
    const dialog = await openImport(page, 'File');
    await dialog.getByLabel('File to import').setInputFiles(book);
    const sheets = dialog.getByRole('list', { name: 'Sheets' });
    await waitForText(sheets, /Sales 2024\s+3 rows · region, amount[\s\S]*Notes/);
    await dialog.getByLabel('Import sheet Sales 2024').check();
    await dialog.getByLabel('Table for sheet Sales 2024').fill('budget_sales');
    await dialog.getByRole('button', { name: 'Import 1 sheet' }).click();
    await waitForText(dialog.getByRole('status', { name: 'Import result' }), /Imported as budget_sales: 3 rows, 2 columns/);
  });

  it('imports a file from a URL, and says why another URL cannot be imported', async () => {
    const { page } = session;
    const dialog = await openImport(page, 'URL');
    await dialog.getByLabel('URL').fill(`${webBase}/rates.csv`);
    await dialog.getByRole('button', { name: 'Import from URL' }).click();
    await waitForText(dialog.getByRole('status', { name: 'Import result' }), /Imported as rates\S*: 3 rows, 2 columns[\s\S]*JPY/);
    session.expectFault(/uploads\.fromUrl/);
    await dialog.getByLabel('URL').fill(`${webBase}/missing.csv`);
    await dialog.getByRole('button', { name: 'Import from URL' }).click();
    await waitForText(dialog.getByRole('alert'), /404/);
  });

  it('previews pasted text live (columns and types) before saving it as a table', async () => {
    const { page } = session;
    const dialog = await openImport(page, 'Paste');
    await dialog.getByLabel('Pasted data').fill('name\tscore\twhen\nada\t9.5\t2025-01-02\nbob\t7\t2025-03-04\n');
    const detected = dialog.getByRole('region', { name: 'Detected columns' });
    await waitForText(detected, /3 columns, delimiter "\\t", header row yes[\s\S]*score\s+DOUBLE[\s\S]*when\s+DATE[\s\S]*ada/);
    await screenshot(page, 'import-paste');
    await dialog.getByLabel('Table name').fill('pasted_scores');
    await dialog.getByRole('button', { name: 'Save as table' }).click();
    await waitForText(dialog.getByRole('status', { name: 'Import result' }), /Imported as pasted_scores: 2 rows, 3 columns/);
  });

  it('browses a server folder through breadcrumbs and imports a file from it', async () => {
    const { page } = session;
    const dialog = await openImport(page, 'Server folder');
    await dialog.getByRole('list', { name: 'Server folders' }).getByRole('button', { name: /Team data/ }).click();
    await dialog.getByRole('button', { name: '📁 reports' }).click();
    await dialog.getByRole('button', { name: '📁 2025' }).click();
    await waitForText(dialog.getByRole('navigation', { name: 'Breadcrumbs' }), /Team data\s*\/\s*reports\s*\/\s*2025/);
    await dialog.getByRole('button', { name: 'Import cities.csv' }).click();
    await waitForText(dialog.getByRole('status', { name: 'Import result' }), /Imported as cities\S*: 2 rows, 2 columns/);
    await dialog.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('button', { name: 'reports' }).click();
    await waitForText(dialog.getByRole('list', { name: 'Folder contents' }), /2025/);
  });

  it('lists every imported source on the Data screen', async () => {
    const { page } = session;
    await page.keyboard.press('Escape');
    const list = page.getByRole('table', { name: 'Data sources' });
    for (const name of [/products/, /rates/, /big_events[\s\S]*420,000/, /budget_sales/, /pasted_scores/, /cities/]) await waitForText(list, name);
  });

  it('re-imports a source from the file it came from', async () => {
    const { page } = session;
    await page.getByLabel('Search data sources').fill('pasted');
    await page.getByRole('table', { name: 'Data sources' }).getByRole('button', { name: /pasted_scores/ }).click();
    await page.getByRole('button', { name: 'Re-import' }).click();
    await waitForText(page.getByRole('status').filter({ hasText: 'Re-imported' }), /Re-imported: 2 rows/);
  });
});

describe('background tasks in a browser', () => {
  it('cancels a running task and shows it cancelled', async () => {
    const { page } = session;
    await page.goto('/');
    await typeSql(page, 'SELECT sum(a.range * b.range) AS s FROM range(300000) a, range(300000) b');
    await page.getByRole('button', { name: /Run in background/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Run in background' });
    await dialog.getByLabel('Result table').fill('slow_result');
    await dialog.getByRole('button', { name: 'Start task' }).click();
    await page.getByRole('link', { name: 'Follow it on Tasks' }).click();
    await page.waitForURL('**/tasks');
    const task = page.getByRole('list', { name: 'Tasks' }).getByRole('listitem').first();
    await waitForText(task, /running/);
    await task.getByRole('button', { name: 'Cancel' }).click();
    await waitForText(task, /cancelled[\s\S]*Cancelled/, 60_000);
    await task.getByRole('button', { name: 'Retry' }).waitFor();
  });

  it('runs a task to success, then downloads its result as CSV and Parquet', async () => {
    const { page } = session;
    await page.keyboard.press('Alt+1');
    await runSql(page, 'SELECT 1'); // leaves the editor on a known state
    await typeSql(page, "SELECT range AS id, 'item ' || range AS label FROM range(1500)");
    await page.getByRole('button', { name: /Run in background/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Run in background' });
    await dialog.getByLabel('Result table').fill('fast_result');
    await dialog.getByRole('button', { name: 'Start task' }).click();
    await page.keyboard.press('Alt+5');
    const task = page.getByRole('list', { name: 'Tasks' }).getByRole('listitem').filter({ hasText: 'fast_result' });
    await waitForText(task, /success[\s\S]*Result in fast_result: 1,500 rows, 2 columns/, 60_000);
    await screenshot(page, 'tasks');

    const [csv] = await Promise.all([page.waitForEvent('download'), task.getByRole('button', { name: 'Download CSV' }).click()]);
    const csvText = fs.readFileSync(await csv.path(), 'utf8').trim().split('\n');
    expect(csvText[0]).toBe('id,label');
    expect(csvText).toHaveLength(1501);
    const [parquet] = await Promise.all([page.waitForEvent('download'), task.getByRole('button', { name: 'Download Parquet' }).click()]);
    expect(parquet.suggestedFilename()).toMatch(/\.parquet$/);
    expect(fs.readFileSync(await parquet.path()).subarray(0, 4).toString()).toBe('PAR1');
  });
});
