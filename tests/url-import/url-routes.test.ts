import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLegacyError, jsonRequest, read, useTempAppEnv, validationProblems } from '../helpers/rest-env';
import { send, startLocalServer } from './local-server';

const env = useTempAppEnv('duckquery-url-rest-');
process.env.DUCKQUERY_RATE_LIMITS = 'off';
process.env.DUCKQUERY_URL_ALLOW_HOSTS = '127.0.0.1';
process.env.DUCKQUERY_MAX_FILE_SIZE = '10000';
const readFromUrl = (await import('@/app/api/read_from_url/route')).POST;
const urlInfo = (await import('@/app/api/url_info/route')).GET;
const { getApp } = await import('@/server/db/instance');

const TSV = 'name\tqty\nbolt\t12\nnut\t40\n';
let server: Awaited<ReturnType<typeof startLocalServer>>;
beforeAll(async () => {
  server = await startLocalServer({
    '/parts.tsv': send(TSV, 'text/tab-separated-values'),
    '/report': send('a;b\n1;2\n3;4\n', 'text/plain'),
    '/huge.csv': send('x\n'.repeat(6000), 'text/csv'),
  });
});
afterAll(async () => {
  await server.close();
  await env.cleanup();
});

const sql = async (text: string) => (await getApp()).database.read(async (c) => (await c.runAndReadAll(text)).getRowObjectsJS());

describe('POST /api/read_from_url and GET /api/url_info', () => {
  it('imports with the legacy body and answers the legacy shape; the file-source row lands in DuckDB with the URL', async () => {
    const res = await read(readFromUrl(jsonRequest('POST', '/api/read_from_url', { url: server.url('/parts.tsv'), table_alias: 'parts', encoding: 'utf-8', delimiter: ',', header: true })));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, message: expect.any(String), table_name: 'parts', row_count: 2, column_count: 2, columns: ['name', 'qty'], file_type: 'tsv', url: server.url('/parts.tsv'), original_url: server.url('/parts.tsv') });
    const rows = await sql(`SELECT source_id, file_type, extra->>'source_url' AS source_url FROM system_file_sources WHERE source_id = 'parts'`);
    expect(rows).toEqual([{ source_id: 'parts', file_type: 'tsv', source_url: server.url('/parts.tsv') }]);
    const again = await read(readFromUrl(jsonRequest('POST', '/api/read_from_url', { url: server.url('/parts.tsv'), table_alias: 'parts' })));
    expect(again.body.table_name).toMatch(/^parts_\d{12}$/);
  });

  it('honours a delimiter that differs from the legacy default', async () => {
    const res = await read(readFromUrl(jsonRequest('POST', '/api/read_from_url', { url: server.url('/report'), table_alias: 'report', delimiter: ';', header: true })));
    expect(res.body).toMatchObject({ table_name: 'report', row_count: 2, columns: ['a', 'b'], file_type: 'csv' });
  });

  it('answers 400 for a refused or unreachable URL, 413 over the limit, 422 without a url; no table or row is left', async () => {
    const before = await sql(`SELECT count(*) AS n FROM system_file_sources`);
    const refused = await read(readFromUrl(jsonRequest('POST', '/api/read_from_url', { url: 'http://169.254.169.254/latest/meta-data/', table_alias: 'x' })));
    expectLegacyError(refused, 400, 'FORBIDDEN');
    expect(refused.body.detail).toMatch(/link-local \(cloud metadata\) address/);
    expectLegacyError(await read(readFromUrl(jsonRequest('POST', '/api/read_from_url', { url: server.url('/nothing.csv') }))), 400, 'BAD_REQUEST');
    expectLegacyError(await read(readFromUrl(jsonRequest('POST', '/api/read_from_url', { url: server.url('/huge.csv') }))), 413, 'PAYLOAD_TOO_LARGE');
    expect(validationProblems(await read(readFromUrl(jsonRequest('POST', '/api/read_from_url', { table_alias: 'x' }))))).toEqual([['body.url', 'missing']]);
    expect(await sql(`SELECT count(*) AS n FROM system_file_sources`)).toEqual(before);
  });

  it('url_info answers type, content type and length; 400 when refused', async () => {
    const info = await read(urlInfo(new Request(`http://127.0.0.1/api/url_info?url=${encodeURIComponent(server.url('/parts.tsv'))}`)));
    expect(info).toMatchObject({ status: 200, body: { success: true, file_type: 'tsv', content_type: 'text/tab-separated-values', content_length: TSV.length, url: server.url('/parts.tsv') } });
    expectLegacyError(await read(urlInfo(new Request(`http://127.0.0.1/api/url_info?url=${encodeURIComponent('http://10.0.0.1/a.csv')}`))), 400, 'FORBIDDEN');
  });
});
