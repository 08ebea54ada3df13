import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempAppEnv, read } from '../helpers/rest-env';
import { filesUnder } from './files';
import { multipartRequest } from './multipart';

const env = useTempAppEnv('duckquery-upload-');
process.env.DUCKQUERY_MAX_FILE_SIZE = '200000';
process.env.DUCKQUERY_RATE_LIMITS = 'off'; // the concurrency test sends more uploads at once than the default cap (3)
const { POST } = await import('@/app/api/upload/route');
const { getApp } = await import('@/server/db/instance');
const { allProfilesSettled } = await import('@/server/ingest/profile-table');
const { getProgress } = await import('@/server/progress/progress-registry');

let uploads: string;
beforeAll(async () => {
  uploads = (await getApp()).config.uploadsDir;
});
afterAll(async () => {
  await allProfilesSettled();
  await env.cleanup();
});

const upload = (filename: string, content: string | Buffer, fields: Record<string, string> = {}) =>
  read(POST(multipartRequest('http://127.0.0.1/api/upload', [...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', value: content, filename }])));
const sql = async (text: string) => (await getApp()).database.read(async (c) => (await c.runAndReadAll(text)).getRowObjectsJS());
const sourceRow = async (id: string) => (await getApp()).stores.fileSources.get(id);
const tables = async () => (await sql(`SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, 'system_')`)).map((r) => String(r.table_name));

describe('POST /api/upload', () => {
  it('streams the file to a server-named file and answers the legacy shape; the metadata row lands in DuckDB', async () => {
    const res = await upload('Sales Q1.csv', 'id,amount,city\n1,9.5,Paris\n2,3.25,東京\n');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, file_id: 'Sales_Q1', filename: 'Sales Q1.csv', file_size: Buffer.byteLength('id,amount,city\n1,9.5,Paris\n2,3.25,東京\n'), columns: ['id', 'amount', 'city'], row_count: 2 });
    expect(res.body.preview_data).toEqual([{ id: 1, amount: 9.5, city: 'Paris' }, { id: 2, amount: 3.25, city: '東京' }]);
    const row = await sourceRow('Sales_Q1');
    expect(row).toMatchObject({ filename: 'Sales Q1.csv', file_type: 'csv', row_count: 2, column_count: 3 });
    expect(path.dirname(row!.file_path!)).toBe(uploads);
    expect(path.basename(row!.file_path!)).toMatch(/^[0-9a-f-]{36}\.csv$/);
    expect(fs.readFileSync(row!.file_path!, 'utf8')).toContain('東京');
    expect(getProgress(res.body.progress_id)).toMatchObject({ state: 'done', kind: 'upload', result: { sourceId: 'Sales_Q1' } });
  });

  it('a taken name gets the legacy _YYYYMMDDHHMM suffix; table_alias names the table', async () => {
    const again = await upload('Sales Q1.csv', 'id\n1\n');
    expect(again.body.file_id).toMatch(/^Sales_Q1_\d{12}$/);
    const aliased = await upload('whatever.csv', 'id\n1\n', { table_alias: 'my table' });
    expect(aliased.body.file_id).toBe('my_table');
  });

  it('the new UI may choose the encoding, delimiter and header of a CSV', async () => {
    const res = await upload('wien.csv', Buffer.from('Stra\xdfe|Bezirk\nG\xfcrtel|1\n', 'latin1'), { encoding: 'ISO-8859-1', delimiter: '|', header: 'true' });
    expect(res.body).toMatchObject({ success: true, file_id: 'wien', columns: ['Straße', 'Bezirk'], preview_data: [{ Straße: 'Gürtel', Bezirk: 1 }] });
    expect((await sourceRow('wien'))!.extra.csv_options).toEqual({ encoding: 'latin-1', delimiter: '|', header: true });
    const bad = await upload('x.csv', 'a\n1\n', { encoding: 'shift-jis' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/Encoding 'shift-jis' is not supported/);
  });

  it('concurrent uploads under one name all land, each under its own name (the legacy suffix, then a counter)', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => upload('same.csv', `n\n${n}\n`)));
    const names = results.map((r) => r.body.file_id).sort();
    expect(results.map((r) => [r.status, r.body.detail ?? null])).toEqual(results.map(() => [200, null]));
    expect(new Set(names).size).toBe(5);
    expect(names[0]).toBe('same');
    for (const name of names) expect(await sourceRow(name)).toMatchObject({ row_count: 1 });
  });

  it('Parquet and NDJSON uploads', async () => {
    const { writeParquet } = await import('./files');
    const pq = await writeParquet(env.root, 'x.parquet', 'SELECT range AS n FROM range(500)');
    expect((await upload('nums.parquet', fs.readFileSync(pq))).body).toMatchObject({ success: true, file_id: 'nums', row_count: 500 });
    expect((await upload('ev.jsonl', '{"a":1}\n{"a":2}\n')).body).toMatchObject({ success: true, file_id: 'ev', row_count: 2 });
  });

  it('an .xlsx answers pending_excel and keeps the workbook for the sheet choice', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Data').addRows([['a'], [1]]);
    const res = await upload('Book.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()), { table_alias: 'sales' });
    expect(res.body).toMatchObject({ success: true, file_type: 'excel', requires_sheet_selection: true });
    expect(res.body.pending_excel).toMatchObject({ original_filename: 'Book.xlsx', table_alias: 'sales', default_table_prefix: 'sales' });
    expect(Object.keys(res.body.pending_excel).sort()).toEqual(['default_table_prefix', 'file_id', 'file_size', 'original_filename', 'table_alias', 'uploaded_at']);
  });

  describe('bad input: a clear error, no table, no row, no stray file', () => {
    async function expectNothingLeft(before: string[], beforeTables: string[]) {
      expect(filesUnder(uploads)).toEqual(before);
      expect(await tables()).toEqual(beforeTables);
    }

    it.each([
      ['too large (413, while streaming)', 'big.csv', 'a\n' + '1234567890\n'.repeat(20_000), 413, /larger than the largest allowed/],
      ['unknown type', 'tool.exe', 'MZ', 400, /Unsupported file type/],
      ['.xls', 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 400, /\.xls workbooks are not supported/],
      ['empty', 'empty.csv', '', 400, /is empty/],
      ['ragged', 'ragged.csv', 'a,b\n1,2\n3,4,5\n', 400, /different number of fields/],
      ['wrong encoding', 'latin.csv', Buffer.from('n\nJos\xe9\n', 'latin1'), 400, /not valid UTF-8/],
      ['lying extension', 'liar.parquet', 'a,b\n1,2\n', 400, /named as PARQUET/],
      ['NUL byte in the name', 'a\u0000b.csv', 'a\n1\n', 400, /control characters|malformed/],
      ['1025-character name', `${'x'.repeat(1021)}.csv`, 'a\n1\n', 400, /longer than 1024/],
    ])('%s', async (_what, filename, content, status, message) => {
      const beforeFiles = filesUnder(uploads);
      const beforeTables = await tables();
      const res = await upload(filename, content);
      expect(res.status).toBe(status);
      expect(res.body.success).toBe(false);
      expect(res.body.detail).toMatch(message);
      expect(res.text).not.toContain(uploads);
      await expectNothingLeft(beforeFiles, beforeTables);
    });

    it('hostile but usable names are metadata only: ../../x, absolute paths, 1000 characters, non-Latin', async () => {
      expect((await upload('../../x.csv', 'a\n1\n')).body).toMatchObject({ success: true, file_id: 'x', filename: 'x.csv' });
      expect((await upload('/etc/cron.d/evil.csv', 'a\n1\n')).body).toMatchObject({ success: true, file_id: 'evil', filename: 'evil.csv' });
      const long = await upload(`${'ж'.repeat(1000)}.csv`, 'a\n1\n');
      expect(long.body).toMatchObject({ success: true, file_id: 'ж'.repeat(100) });
      expect(fs.existsSync(path.join(env.root, 'x.csv'))).toBe(false);
      for (const f of filesUnder(uploads)) expect(f).toMatch(/^([0-9a-f-]{36}\.(csv|parquet|jsonl)|excel\/[0-9a-f-]{36}\.(xlsx|json))$/);
    });

    it('NUL bytes and control characters that reach the name (RFC 5987 filename*) are refused before anything is written', async () => {
      const beforeFiles = filesUnder(uploads);
      for (const encoded of ['a%00b.csv', 'a%07b.csv', 'line%0Abreak.csv']) {
        const res = await read(POST(multipartRequest('http://127.0.0.1/api/upload', [{ name: 'file', value: 'a\n1\n', encodedFilename: encoded }])));
        expect(res.status).toBe(400);
        expect(res.body.detail).toMatch(/control characters/);
      }
      expect(filesUnder(uploads)).toEqual(beforeFiles);
    });

    it('a huge declared size is refused (413) before a byte is read', async () => {
      const before = filesUnder(uploads);
      const req = multipartRequest('http://127.0.0.1/api/upload', [{ name: 'file', value: 'a\n1\n', filename: 'x.csv' }], { 'content-length': String(50 * 1024 ** 4) });
      const res = await read(POST(req));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(filesUnder(uploads)).toEqual(before);
    });

    it('a connection dropped in the middle of the file leaves no partial file', async () => {
      const before = filesUnder(uploads);
      const boundary = 'dropped';
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.csv"\r\n\r\nid\n1\n2\n`));
          setTimeout(() => controller.error(new Error('socket hang up')), 50);
        },
      });
      const req = new Request('http://127.0.0.1/api/upload', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body, duplex: 'half' } as RequestInit);
      const res = await read(POST(req));
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/interrupted/);
      expect(filesUnder(uploads)).toEqual(before);
      expect(await tables()).not.toContain('half');
    });

    it('a body that never ends is refused (413) once the file passes the limit, and reading stops there', async () => {
      const before = filesUnder(uploads);
      const boundary = 'endless';
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.csv"\r\n\r\nid\n`));
        },
        pull(controller) {
          const chunk = Buffer.from('1234567890\n'.repeat(1000)); // 11 kB at a time, for ever
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const req = new Request('http://127.0.0.1/api/upload', { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body, duplex: 'half' } as RequestInit);
      const res = await read(POST(req));
      expect(res.status).toBe(413);
      expect(res.body.detail).toMatch(/larger than the largest allowed, 200000 bytes/);
      expect(sent).toBeLessThan(200_000 + 1024 * 1024); // the limit (200 kB in this file) plus what was in flight, not the whole body
      expect(filesUnder(uploads)).toEqual(before);
      expect(await tables()).not.toContain('endless');
    });

    it('a request without a file part, or not multipart', async () => {
      const noFile = await read(POST(multipartRequest('http://127.0.0.1/api/upload', [{ name: 'table_alias', value: 'x' }])));
      expect(noFile.status).toBe(400);
      expect(noFile.body.detail).toMatch(/Field required: file/);
      const json = await read(POST(new Request('http://127.0.0.1/api/upload', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })));
      expect(json.status).toBe(400);
    });
  });
});
