import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, chunksOf, filesUnder, md5, openRestartableApp, tablesAndSources } from './upload-helpers';

type TestApp = Awaited<ReturnType<typeof openRestartableApp>>;

async function uploadWhole(t: TestApp, fileName: string, data: Buffer, options: { chunkSize?: number; fileHash?: string; tableAlias?: string } = {}) {
  const chunkSize = options.chunkSize ?? 64;
  const init = await t.caller.uploads.init({ fileName, fileSize: data.length, chunkSize, fileHash: options.fileHash, tableAlias: options.tableAlias });
  const chunks = chunksOf(data, chunkSize);
  // in reverse: the assembly must put them back in order
  for (let n = chunks.length - 1; n >= 0; n--) await t.caller.uploads.chunk({ uploadId: init.uploadId, chunkNumber: n, data: bytes(chunks[n]!, 1000) });
  return init;
}

async function parquetBytes(select: string): Promise<Buffer> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dq-pq-')), 'x.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  await c.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
  c.closeSync();
  instance.closeSync();
  return fs.readFileSync(file);
}

describe('completing a chunked upload', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openRestartableApp();
  });
  afterAll(() => t.close());

  it('assembles the chunks in order, checks the MD5 and lands a typed table with its file-source row', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i},name ${i},${(i * 1.25).toFixed(2)},2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const csv = Buffer.from(`id,name,amount,day\n${rows.join('\n')}\n`);
    const init = await uploadWhole(t, '../../Quarterly Sales.csv', csv, { chunkSize: 1000, fileHash: md5(csv).toUpperCase() });
    const done = await t.caller.uploads.complete({ uploadId: init.uploadId });
    expect(done.kind).toBe('table');
    if (done.kind !== 'table') return;
    expect(done.source).toMatchObject({ source_id: 'Quarterly_Sales', filename: 'Quarterly Sales.csv', row_count: 500, column_count: 4, columns: ['id', 'name', 'amount', 'day'] });
    expect(done.preview).toHaveLength(10);
    expect(done.preview[3]).toMatchObject({ id: 3, name: 'name 3' });

    const table = await t.app.database.read(async (c) =>
      (await c.runAndReadAll(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'Quarterly_Sales' ORDER BY column_index`)).getRowsJS(),
    );
    expect(table).toEqual([['id', 'BIGINT'], ['name', 'VARCHAR'], ['amount', 'DOUBLE'], ['day', 'DATE']]);
    const row = await t.app.database.read(async (c) => (await c.runAndReadAll(`SELECT file_path, extra FROM system_file_sources WHERE source_id = 'Quarterly_Sales'`)).getRowObjectsJS()[0]!);
    expect(JSON.parse(String(row.extra))).toMatchObject({ upload_id: init.uploadId, upload_method: 'chunked' });
    // the stored file has a server-made name in the uploads folder and is byte-identical
    expect(String(row.file_path)).toBe(path.join(t.config.uploadsDir, `${init.uploadId}.csv`));
    expect(fs.readFileSync(String(row.file_path)).equals(csv)).toBe(true);
    // chunks are gone; the session says completed, with its table
    expect(fs.existsSync(path.join(t.config.uploadsDir, '.chunks', init.uploadId))).toBe(false);
    expect(await t.caller.uploads.status({ uploadId: init.uploadId })).toMatchObject({ status: 'completed', sourceId: 'Quarterly_Sales', progress: 100 });
    expect(await t.caller.progress.get({ id: done.progressId })).toMatchObject({ state: 'done', result: { sourceId: 'Quarterly_Sales' } });
    await expect(t.caller.uploads.complete({ uploadId: init.uploadId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a taken table name gets the legacy _YYYYMMDDHHMM suffix; Parquet lands through DuckDB\'s reader', async () => {
    const parquet = await parquetBytes(`SELECT range AS n, range * 2 AS twice FROM range(2000)`);
    const first = await uploadWhole(t, 'numbers.parquet', parquet, { chunkSize: 4096, tableAlias: 'numbers' });
    const a = await t.caller.uploads.complete({ uploadId: first.uploadId });
    const second = await uploadWhole(t, 'numbers.pq', parquet, { chunkSize: 5000, tableAlias: 'numbers' });
    const b = await t.caller.uploads.complete({ uploadId: second.uploadId });
    expect(a.kind === 'table' && a.source.source_id).toBe('numbers');
    expect(b.kind === 'table' && b.source.source_id).toMatch(/^numbers_\d{12}$/);
    expect(b.kind === 'table' && b.source.row_count).toBe(2000);
  });

  it('a truncated Parquet file fails clearly: session failed, no table, no file-source row, no file', async () => {
    const before = await tablesAndSources(t.app);
    const parquet = await parquetBytes(`SELECT range AS n FROM range(5000)`);
    const truncated = parquet.subarray(0, Math.floor(parquet.length / 2));
    const init = await uploadWhole(t, 'broken.parquet', truncated, { chunkSize: 1024 });
    await expect(t.caller.uploads.complete({ uploadId: init.uploadId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await t.caller.uploads.status({ uploadId: init.uploadId })).toMatchObject({ status: 'failed', errorMessage: expect.any(String) });
    expect(await tablesAndSources(t.app)).toEqual(before);
    expect(filesUnder(t.config.uploadsDir).filter((f) => f.includes(init.uploadId))).toEqual([]);
  });

  it('a file whose extension lies fails with the reason, leaving nothing', async () => {
    const before = await tablesAndSources(t.app);
    const parquet = await parquetBytes(`SELECT 1 AS a`);
    const init = await uploadWhole(t, 'actually-parquet.csv', parquet);
    await expect(t.caller.uploads.complete({ uploadId: init.uploadId })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/named as CSV but its content is a Parquet file/) });
    expect(await tablesAndSources(t.app)).toEqual(before);
    expect(filesUnder(t.config.uploadsDir).filter((f) => f.includes(init.uploadId))).toEqual([]);
  });

  it('an Excel workbook ends as pending_excel, waiting for the sheet choice', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Q1').addRows([['region', 'total'], ['north', 10], ['south', 20]]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const init = await uploadWhole(t, 'report.xlsx', xlsx, { chunkSize: 2048 });
    const done = await t.caller.uploads.complete({ uploadId: init.uploadId });
    expect(done.kind).toBe('pending_excel');
    if (done.kind !== 'pending_excel') return;
    expect(done.pendingExcel).toMatchObject({ original_filename: 'report.xlsx', file_size: xlsx.length, default_table_prefix: 'report' });
    expect(await t.caller.uploads.status({ uploadId: init.uploadId })).toMatchObject({ status: 'completed', sourceId: null });
  });

  it('a cancel while complete runs interrupts it: no table, no file-source row, no file, no session', async () => {
    const before = await tablesAndSources(t.app);
    const line = 'id,text,value\n';
    const body = Array.from({ length: 400_000 }, (_, i) => `${i},some words here ${i % 97},${i * 3}`).join('\n');
    const csv = Buffer.from(line + body + '\n'); // ~14 MB
    const init = await uploadWhole(t, 'cancel-me.csv', csv, { chunkSize: 1024 * 1024 });
    let stopped = false;
    const completing = t.caller.uploads.complete({ uploadId: init.uploadId }).then(
      () => 'completed',
      (error: { code?: string }) => error.code,
    ).finally(() => (stopped = true));
    for (let i = 0; i < 200; i++) {
      const { status } = await t.caller.uploads.status({ uploadId: init.uploadId });
      if (status !== 'uploading') break;
      await new Promise((r) => setTimeout(r, 1));
    }
    await t.caller.uploads.cancel({ uploadId: init.uploadId });
    // The cancel answers once the complete has stopped: nothing is left by then.
    expect(stopped).toBe(true);
    expect(await tablesAndSources(t.app)).toEqual(before);
    expect(filesUnder(t.config.uploadsDir).filter((f) => f.includes(init.uploadId))).toEqual([]);
    await expect(t.caller.uploads.status({ uploadId: init.uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await completing).toBe('CLIENT_CLOSED_REQUEST');
  });
});
