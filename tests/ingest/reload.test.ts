import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importExcel } from '@/server/excel/excel-service';
import { registerPendingExcel } from '@/server/excel/pending-excel';
import { ingestStoredFile } from '@/server/ingest/ingest-stored-file';
import { allProfilesSettled } from '@/server/ingest/profile-table';
import { openTestApp } from '../helpers/test-app';
import { writeFile } from './files';

let t: Awaited<ReturnType<typeof openTestApp>>;
let server: http.Server;
let served = 'k,v\n1,a\n';
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/csv' }).end(served));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await openTestApp({ DUCKQUERY_URL_ALLOW_HOSTS: '127.0.0.1' });
});
afterAll(async () => {
  await allProfilesSettled();
  t.close();
  server.close();
});

const dropBehindTheAppsBack = (table: string) => t.database.read((c) => c.run(`DROP TABLE "${table}"`)); // as a crash or restore might
const count = async (table: string) => Number((await t.database.read(async (c) => (await c.runAndReadAll(`SELECT count(*) FROM "${table}"`)).getRowsJS()))[0]![0]);
const ingest = (file: string, name: string, extra: Record<string, unknown> = {}) =>
  ingestStoredFile(t.app, { storedPath: file, originalFilename: name, ifExists: 'fail', actor: 'tester', extra });

describe('reloadAll and refresh', () => {
  it('re-imports sources whose table is missing, from their file, URL or workbook; reports the rest with a reason', async () => {
    const uploads = t.config.uploadsDir;
    await ingest(writeFile(uploads, 'r1.csv', 'a\n1\n2\n3\n'), 'kept.csv');
    await ingest(writeFile(uploads, 'r2.csv', 'a;b\n1;x\n'), 'lost.csv');
    const gone = writeFile(uploads, 'r3.csv', 'a\n1\n');
    await ingest(gone, 'gone.csv');
    await ingest(writeFile(uploads, 'r4.csv', served), 'web.csv', { source_url: `${baseUrl}/data.csv` });
    await ingestStoredFile(t.app, { storedPath: writeFile(uploads, 'r5.csv', Buffer.from('n\nJos\xe9\n', 'latin1')), originalFilename: 'latin.csv', ifExists: 'fail', actor: 'tester', csv: { encoding: 'latin-1' } });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('S').addRows([['title'], ['h'], [1], [2]]);
    const xlsx = writeFile(uploads, 'r6.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    const pending = await registerPendingExcel(t.config, { storedPath: xlsx, originalFilename: 'book.xlsx', fileSize: 1 });
    await importExcel(t.app, { file_id: pending.file_id, sheets: [{ name: 'S', target_table: 'sheet_s', mode: 'fail', header_rows: 1, header_row_index: 2, fill_merged: false }] }, 'tester');
    await t.caller.fileSources.upsert({ source_id: 'query_result', filename: 'async_query_1', file_path: 'duckdb://query_result', file_type: 'duckdb_query' });

    for (const table of ['lost', 'gone', 'web', 'latin', 'sheet_s']) await dropBehindTheAppsBack(table);
    fs.rmSync(gone);
    served = 'k,v\n1,a\n2,b\n';

    const report = await t.caller.ingest.reloadAll();
    expect(report.present).toBe(1);
    expect(report.reloaded.map((r) => [r.source_id, r.row_count]).sort()).toEqual([['latin', 1], ['lost', 1], ['sheet_s', 2], ['web', 2]]);
    expect(report.skipped).toEqual([
      { source_id: 'gone', reason: expect.stringMatching(/the file is gone/) },
      { source_id: 'query_result', reason: expect.stringMatching(/not refreshable/) },
    ]);
    expect(await count('web')).toBe(2);
    expect((await t.app.stores.fileSources.get('web'))!.extra.source_url).toBe(`${baseUrl}/data.csv`);
    expect((await t.app.stores.fileSources.get('sheet_s'))!).toMatchObject({ file_type: 'excel_sheet', row_count: 2 });
    expect((await t.app.stores.fileSources.get('sheet_s'))!.extra).toMatchObject({ sheet_name: 'S', header_row_index: 2 });
  });

  it('reloadAll is an admin action; audit rows name who imported', async () => {
    const { createCaller } = await import('@/server/api/root');
    const { createTRPCContext } = await import('@/server/api/trpc');
    const asUser = createCaller(await createTRPCContext({ headers: new Headers(), app: t.app, principal: { role: 'user', actor: 'user', via: 'bearer' } }));
    await expect(asUser.ingest.reloadAll()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const audit = await t.database.read(async (c) => (await c.runAndReadAll(`SELECT DISTINCT actor FROM system_audit_log WHERE action = 'ingest.land'`)).getRowsJS());
    expect(audit).toEqual([['tester']]);
  });

  it('refresh re-reads one source now, replacing its table', async () => {
    served = 'k,v\n1,a\n2,b\n3,c\n';
    expect(await t.caller.ingest.refresh({ sourceId: 'web' })).toMatchObject({ source_id: 'web', row_count: 3 });
    expect(await count('web')).toBe(3);
    await expect(t.caller.ingest.refresh({ sourceId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.caller.ingest.refresh({ sourceId: 'query_result' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a refresh that fails (the URL now serves garbage) keeps the old table and row', async () => {
    served = 'k,v\n1,2\n3,4,5\n';
    await expect(t.caller.ingest.refresh({ sourceId: 'web' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await count('web')).toBe(3);
    expect((await t.app.stores.fileSources.get('web'))!.row_count).toBe(3);
  });
});
