import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest, read, useTempAppEnv } from '../helpers/rest-env';
import { filesUnder } from './files';
import { multipartRequest } from './multipart';

const env = useTempAppEnv('duckquery-excel-');
const upload = (await import('@/app/api/upload/route')).POST;
const inspect = (await import('@/app/api/data-sources/excel/inspect/route')).POST;
const importSheets = (await import('@/app/api/data-sources/excel/import/route')).POST;
const { getApp } = await import('@/server/db/instance');
const { allProfilesSettled } = await import('@/server/ingest/profile-table');

async function workbookBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sales = workbook.addWorksheet('Sales 2024');
  sales.addRows([
    ['Region', 'Zip', 'Amount', 'Day', 'Paid'],
    ['North', '00123', 10.5, new Date(Date.UTC(2024, 0, 2)), true],
    ['', '04567', 3, new Date(Date.UTC(2024, 0, 3)), false],
    ['South', '99999', { formula: 'C2+C3', result: 13.5 }, new Date(Date.UTC(2024, 0, 4)), true],
  ]);
  sales.mergeCells('A2:A3'); // "North" spans two rows
  const report = workbook.addWorksheet('Report');
  report.addRows([['Quarterly report'], [], ['Name', 'Q1', 'Q1'], ['', 'units', 'revenue'], ['Ann', 1, 100], ['Bob', 2, 200]]);
  report.mergeCells('B3:C3');
  workbook.addWorksheet('Empty');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

let fileId: string;
beforeAll(async () => {
  const res = await read(upload(multipartRequest('http://127.0.0.1/api/upload', [{ name: 'file', value: await workbookBytes(), filename: 'Quarter.xlsx' }])));
  expect(res.body.requires_sheet_selection).toBe(true);
  fileId = res.body.pending_excel.file_id;
});
afterAll(async () => {
  await allProfilesSettled();
  await env.cleanup();
});

const sql = async (text: string) => (await getApp()).database.read(async (c) => (await c.runAndReadAll(text)).getRowObjectsJS());
const userTables = async () => (await sql(`SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, 'system_') ORDER BY 1`)).map((r) => String(r.table_name));

describe('Excel inspect and import', () => {
  it('inspect lists every sheet: rows, columns, merged-cell flag, preview, default table name', async () => {
    const res = await read(inspect(jsonRequest('POST', '/api/data-sources/excel/inspect', { file_id: fileId })));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, file_id: fileId, original_filename: 'Quarter.xlsx', default_table_prefix: 'Quarter' });
    const [sales, report, empty] = res.body.sheets;
    expect(sales).toMatchObject({ name: 'Sales 2024', rows: 3, has_merged_cells: true, columns: ['Region', 'Zip', 'Amount', 'Day', 'Paid'], default_table_name: 'Quarter_Sales_2024' });
    expect(sales.preview[0]).toEqual({ Region: 'North', Zip: '00123', Amount: 10.5, Day: '2024-01-02', Paid: true });
    expect(report).toMatchObject({ name: 'Report', has_merged_cells: true });
    expect(empty).toMatchObject({ name: 'Empty', rows: 0, columns: [] });
  });

  it('imports chosen sheets in one go: header rows, header row index, merged cells filled, types kept; rows land in DuckDB', async () => {
    const res = await read(
      importSheets(
        jsonRequest('POST', '/api/data-sources/excel/import', {
          file_id: fileId,
          sheets: [
            { name: 'Sales 2024', target_table: 'sales', mode: 'fail', fill_merged: true },
            { name: 'Report', target_table: 'report', mode: 'fail', header_rows: 2, header_row_index: 3, fill_merged: true },
          ],
        }),
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => [r.sheet_name, r.target_table, r.mode, r.row_count, r.columns])).toEqual([
      ['Sales 2024', 'sales', 'fail', 3, ['Region', 'Zip', 'Amount', 'Day', 'Paid']],
      ['Report', 'report', 'fail', 2, ['Name', 'Q1_units', 'Q1_revenue']],
    ]);
    expect(res.body.results[0].column_profiles[1]).toMatchObject({ name: 'Zip', duckdb_type: 'VARCHAR' });
    expect(await sql('SELECT Region, Zip, Amount, Day::VARCHAR AS Day, Paid FROM sales ORDER BY Zip')).toEqual([
      { Region: 'North', Zip: '00123', Amount: 10.5, Day: '2024-01-02', Paid: true },
      { Region: 'North', Zip: '04567', Amount: 3, Day: '2024-01-03', Paid: false },
      { Region: 'South', Zip: '99999', Amount: 13.5, Day: '2024-01-04', Paid: true },
    ]);
    const row = await (await getApp()).stores.fileSources.get('report');
    expect(row).toMatchObject({ file_type: 'excel_sheet', filename: 'Quarter.xlsx', row_count: 2 });
    expect(row!.extra).toMatchObject({ sheet_name: 'Report', header_rows: 2, header_row_index: 3, fill_merged: true, ingest_mode: 'fail' });
    expect(filesUnder((await getApp()).config.uploadsDir).filter((f) => f.startsWith('tmp/'))).toEqual([]);
  });

  it('merged cells stay empty without fill_merged; mode append adds rows, replace replaces', async () => {
    const run = (sheets: unknown[]) => read(importSheets(jsonRequest('POST', '/api/data-sources/excel/import', { file_id: fileId, sheets })));
    expect((await run([{ name: 'Sales 2024', target_table: 'sales_raw', mode: 'fail' }])).status).toBe(200);
    expect(await sql(`SELECT count(*)::INTEGER AS n FROM sales_raw WHERE Region IS NULL`)).toEqual([{ n: 1 }]);
    expect((await run([{ name: 'Sales 2024', target_table: 'sales_raw', mode: 'append' }])).body.results[0].row_count).toBe(6);
    expect((await run([{ name: 'Report', target_table: 'sales_raw', mode: 'replace', header_row_index: 3 }])).body.results[0].columns).toEqual(['Name', 'Q1', 'column_3']); // C3 is covered by the merge B3:C3
  });

  it('one failing sheet imports none: EXCEL_IMPORT_FAILED, no table, no row', async () => {
    const before = await userTables();
    const res = await read(
      importSheets(
        jsonRequest('POST', '/api/data-sources/excel/import', {
          file_id: fileId,
          sheets: [
            { name: 'Report', target_table: 'fresh_one', mode: 'fail', header_row_index: 3 },
            { name: 'Sales 2024', target_table: 'sales', mode: 'fail' },
          ],
        }),
      ),
    );
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatchObject({ code: 'EXCEL_IMPORT_FAILED', message: expect.stringContaining("'sales' already exists") });
    expect(await userTables()).toEqual(before);
    expect(await (await getApp()).stores.fileSources.get('fresh_one')).toBeNull();
    for (const [sheets, message] of [
      [[{ name: 'Nope' }], /no sheet named 'Nope'/],
      [[{ name: 'Empty' }], /has no data/],
    ] as const) {
      const bad = await read(importSheets(jsonRequest('POST', '/api/data-sources/excel/import', { file_id: fileId, sheets })));
      expect(bad.status).toBe(400);
      expect(bad.body.detail.message).toMatch(message);
    }
    expect(await userTables()).toEqual(before);
  });

  it('streams a big sheet (rows written to DuckDB as they are read); rows wider than the header get named columns', async () => {
    const { registerPendingExcel } = await import('@/server/excel/pending-excel');
    const uploads = (await getApp()).config.uploadsDir;
    const file = `${uploads}/big-${Date.now()}.xlsx`;
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = writer.addWorksheet('Big');
    sheet.addRow(['id', 'label', 'value']).commit();
    for (let i = 1; i <= 60_000; i++) sheet.addRow(i === 60_000 ? [i, `l${i % 7}`, i / 2, 'extra'] : [i, `l${i % 7}`, i / 2]).commit();
    sheet.commit();
    await writer.commit();
    const pending = await registerPendingExcel((await getApp()).config, { storedPath: file, originalFilename: 'big.xlsx', fileSize: fs.statSync(file).size });
    const res = await read(importSheets(jsonRequest('POST', '/api/data-sources/excel/import', { file_id: pending.file_id, sheets: [{ name: 'Big', target_table: 'big', mode: 'fail' }] })));
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ row_count: 60_000, columns: ['id', 'label', 'value', 'column_4'] });
    expect(await sql(`SELECT sum(id)::BIGINT AS s, count(column_4)::INTEGER AS extra, typeof(any_value(value)) AS t FROM big`)).toEqual([{ s: 1_800_030_000n, extra: 1, t: 'DOUBLE' }]);
  });

  it('unknown or forged file ids are 404', async () => {
    for (const id of ['00000000-0000-0000-0000-000000000000', '../../secret', fileId + 'x']) {
      expect((await read(inspect(jsonRequest('POST', '/api/data-sources/excel/inspect', { file_id: id })))).status).toBe(404);
    }
    expect((await read(importSheets(jsonRequest('POST', '/api/data-sources/excel/import', { file_id: '../x', sheets: [{ name: 'a' }] })))).status).toBe(404);
  });

  it('a damaged workbook is refused clearly at upload and leaves no file', async () => {
    const uploads = (await getApp()).config.uploadsDir;
    const before = filesUnder(uploads);
    const bytes = await workbookBytes();
    const res = await read(upload(multipartRequest('http://127.0.0.1/api/upload', [{ name: 'file', value: bytes.subarray(0, 200), filename: 'cut.xlsx' }])));
    // A cut .xlsx still starts like a ZIP: it is accepted as pending, and inspect says it cannot be read.
    if (res.status === 200) {
      const inspected = await read(inspect(jsonRequest('POST', '/api/data-sources/excel/inspect', { file_id: res.body.pending_excel.file_id })));
      expect(inspected.status).toBe(400);
      expect(inspected.body.detail).toMatch(/not a readable \.xlsx workbook/);
    } else {
      expect(filesUnder(uploads)).toEqual(before);
    }
    expect(fs.existsSync(uploads)).toBe(true);
  });
});
