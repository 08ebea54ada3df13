import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLegacyError, jsonRequest, read, useTempAppEnv, validationProblems } from '../helpers/rest-env';
import { multipartRequest } from '../ingest/multipart';
import { chunksOf, filesUnder, md5 } from './upload-helpers';

const env = useTempAppEnv('duckquery-chunked-rest-');
process.env.DUCKQUERY_MAX_FILE_SIZE = '100000';
process.env.DUCKQUERY_RATE_LIMITS = 'off';
const init = (await import('@/app/api/upload/init/route')).POST;
const chunk = (await import('@/app/api/upload/chunk/route')).POST;
const complete = (await import('@/app/api/upload/complete/route')).POST;
const cancel = (await import('@/app/api/upload/cancel/[upload_id]/route')).DELETE;
const status = (await import('@/app/api/upload/status/[upload_id]/route')).GET;
const { getApp } = await import('@/server/db/instance');

const URL_BASE = 'http://127.0.0.1/api/upload';
let uploadsDir: string;
beforeAll(async () => {
  uploadsDir = (await getApp()).config.uploadsDir;
});
afterAll(() => env.cleanup());

const form = (route: string, fields: Record<string, string>) => multipartRequest(`${URL_BASE}/${route}`, Object.entries(fields).map(([name, value]) => ({ name, value })));
const sendChunk = (uploadId: string, n: number | string, data: Buffer, fileFirst = false) => {
  const fields = [
    { name: 'upload_id', value: uploadId },
    { name: 'chunk_number', value: String(n) },
  ];
  const file = { name: 'chunk', value: data, filename: 'blob' };
  return read(chunk(multipartRequest(`${URL_BASE}/chunk`, fileFirst ? [file, ...fields] : [...fields, file])));
};
const params = (uploadId: string) => ({ params: Promise.resolve({ upload_id: uploadId }) });
const sql = async (text: string, values: string[] = []) => (await getApp()).database.read(async (c) => (await c.runAndReadAll(text, values)).getRowObjectsJS());

const CSV = Buffer.from('city,population\nParis,2100000\nLyon,520000\nNice,340000\nLille,235000\n');

describe('chunked upload REST shims', () => {
  it('init → chunks (fields first, and file part first) → status → complete: legacy shapes, and the metadata row lands in DuckDB', async () => {
    const started = await read(init(form('init', { file_name: 'cities.csv', file_size: String(CSV.length), chunk_size: '25', file_hash: md5(CSV), table_alias: 'french cities' })));
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ success: true, upload_id: expect.any(String), total_chunks: Math.ceil(CSV.length / 25), chunk_size: 25, message: expect.any(String), progress_id: expect.any(String) });
    const id = started.body.upload_id as string;
    const sessionRows = await sql(`SELECT file_name, status, table_alias FROM system_upload_sessions WHERE upload_id = $1`, [id]);
    expect(sessionRows).toEqual([{ file_name: 'cities.csv', status: 'uploading', table_alias: 'french cities' }]);

    const chunks = chunksOf(CSV, 25);
    for (let n = 0; n < chunks.length; n++) {
      const res = await sendChunk(id, n, chunks[n]!, n % 2 === 1);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, chunk_number: n, uploaded_chunks: n + 1, total_chunks: chunks.length, progress: expect.any(Number), message: expect.any(String) });
    }
    const chunkRows = await sql(`SELECT chunk_number, size_bytes FROM system_upload_chunks WHERE upload_id = $1 ORDER BY chunk_number`, [id]);
    expect(chunkRows).toEqual(chunks.map((c, n) => ({ chunk_number: n, size_bytes: BigInt(c.length) })));
    const repeat = await sendChunk(id, 0, chunks[0]!);
    expect(repeat.status).toBe(200);
    expect(Object.keys(repeat.body).sort()).toEqual(['message', 'progress', 'success']);
    expect(filesUnder(path.join(uploadsDir, '.chunks-incoming'))).toEqual([]); // spooled parts removed

    const st = await read(status(new Request(`${URL_BASE}/status/${id}`), params(id)));
    expect(st.body).toMatchObject({ upload_id: id, file_name: 'cities.csv', total_chunks: chunks.length, uploaded_chunks: chunks.length, progress: 100, status: 'uploading', file_size: CSV.length, error_message: null, missing_chunks: [], missing_count: 0 });
    expect(st.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const done = await read(complete(form('complete', { upload_id: id })));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      success: true,
      upload_id: id,
      file_info: { source_id: 'french_cities', filename: 'cities.csv', file_size: CSV.length, row_count: 4, column_count: 2, columns: ['city', 'population'] },
      message: expect.any(String),
    });
    expect(done.body.file_info.preview_data[0]).toEqual({ city: 'Paris', population: 2100000 });
    const row = await sql(`SELECT source_id, row_count, file_type FROM system_file_sources WHERE source_id = 'french_cities'`);
    expect(row).toEqual([{ source_id: 'french_cities', row_count: 4n, file_type: 'csv' }]);
    expect(await sql(`SELECT status, source_id FROM system_upload_sessions WHERE upload_id = $1`, [id])).toEqual([{ status: 'completed', source_id: 'french_cities' }]);
    expect(await sql(`SELECT count(*) AS n FROM system_upload_chunks WHERE upload_id = $1`, [id])).toEqual([{ n: 0n }]);
  });

  it('init: 413 over DUCKQUERY_MAX_FILE_SIZE, 400 unsupported type, 422 missing fields; nothing recorded', async () => {
    const before = await sql(`SELECT count(*) AS n FROM system_upload_sessions`);
    expectLegacyError(await read(init(form('init', { file_name: 'huge.csv', file_size: '100001' }))), 413, 'PAYLOAD_TOO_LARGE');
    expectLegacyError(await read(init(form('init', { file_name: 'x.exe', file_size: '10' }))), 400, 'BAD_REQUEST');
    expect(validationProblems(await read(init(form('init', { file_name: 'x.csv' }))))).toEqual([['body.file_size', 'missing']]);
    expect(validationProblems(await read(init(form('init', { file_name: 'x.csv', file_size: '1e3' }))))).toEqual([['body.file_size', 'invalid_format']]);
    expect(await sql(`SELECT count(*) AS n FROM system_upload_sessions`)).toEqual(before);
  });

  it('chunk: 404 unknown session, 400 bad or out-of-range number, 422 without a chunk part; JSON init works too', async () => {
    const started = await read(init(jsonRequest('POST', '/api/upload/init', { file_name: 'a.csv', file_size: 20, chunk_size: 10 })));
    expect(started.status).toBe(200);
    const id = started.body.upload_id as string;
    expectLegacyError(await sendChunk('9b2f0d3e-0000-4000-8000-000000000000', 0, Buffer.from('x')), 404, 'NOT_FOUND');
    expectLegacyError(await sendChunk(id, 'two', Buffer.from('0123456789')), 400, 'BAD_REQUEST');
    expectLegacyError(await sendChunk(id, 2, Buffer.from('0123456789')), 400, 'BAD_REQUEST');
    expectLegacyError(await sendChunk(id, 0, Buffer.from('0123456789ABC')), 400, 'BAD_REQUEST');
    expect((await read(chunk(form('chunk', { upload_id: id, chunk_number: '0' })))).status).toBe(422);
    expect(filesUnder(path.join(uploadsDir, '.chunks', id))).toEqual([]);
  });

  it('complete: 400 with the missing chunks named; cancel: removes everything, then 404', async () => {
    const id = (await read(init(form('init', { file_name: 'b.csv', file_size: '30', chunk_size: '10' })))).body.upload_id as string;
    await sendChunk(id, 1, Buffer.from('0123456789'));
    const missing = await read(complete(form('complete', { upload_id: id })));
    expectLegacyError(missing, 400, 'BAD_REQUEST');
    expect(missing.body.detail).toBe('Missing chunks: 0, 2');
    const cancelled = await read(cancel(new Request(`${URL_BASE}/cancel/${id}`, { method: 'DELETE' }), params(id)));
    expect(cancelled).toMatchObject({ status: 200, body: { success: true, message: expect.any(String) } });
    expect(await sql(`SELECT * FROM system_upload_sessions WHERE upload_id = $1`, [id])).toEqual([]);
    expect(fs.existsSync(path.join(uploadsDir, '.chunks', id))).toBe(false);
    expectLegacyError(await read(cancel(new Request(`${URL_BASE}/cancel/${id}`, { method: 'DELETE' }), params(id))), 404, 'NOT_FOUND');
    expectLegacyError(await read(status(new Request(`${URL_BASE}/status/${id}`), params(id))), 404, 'NOT_FOUND');
  });

  it('complete: an MD5 mismatch answers 400 and leaves no table, no file-source row and no file', async () => {
    const id = (await read(init(form('init', { file_name: 'c.csv', file_size: String(CSV.length), chunk_size: '100', file_hash: 'ffffffffffffffffffffffffffffffff' })))).body.upload_id as string;
    await sendChunk(id, 0, CSV);
    const res = await read(complete(form('complete', { upload_id: id })));
    expectLegacyError(res, 400, 'BAD_REQUEST');
    expect(res.body.detail).toMatch(/^MD5 mismatch/);
    expect(await sql(`SELECT source_id FROM system_file_sources WHERE source_id = 'c'`)).toEqual([]);
    expect(filesUnder(uploadsDir).filter((f) => f.includes(id))).toEqual([]);
  });
});


describe('a dropped connection during a chunk', () => {
  it('answers 400 "interrupted", records nothing and leaves no partial file; the status names the chunk to send again', async () => {
    const data = Buffer.from('x'.repeat(40));
    const id = (await read(init(form('init', { file_name: 'drop.csv', file_size: '40', chunk_size: '20' })))).body.upload_id as string;
    expect((await sendChunk(id, 0, data.subarray(0, 20))).status).toBe(200);
    // chunk 1: the fields and half its bytes arrive, then the connection breaks
    const boundary = '----dropped';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="upload_id"\r\n\r\n${id}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="chunk_number"\r\n\r\n1\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="chunk"; filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n0123456789`,
    );
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
        setTimeout(() => controller.error(new Error('connection reset')), 20);
      },
    });
    const res = await read(chunk(new Request(`${URL_BASE}/chunk`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body, duplex: 'half' } as RequestInit)));
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/interrupted/);
    expect(filesUnder(path.join(uploadsDir, '.chunks', id))).toEqual(['0.part']);
    const st = await read(status(new Request(`${URL_BASE}/status/${id}`), params(id)));
    expect(st.body).toMatchObject({ uploaded_chunks: 1, missing_chunks: [1], missing_count: 1, progress: 50 });
  });
});
