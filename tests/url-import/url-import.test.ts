import fs from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFromUrl, urlInfo } from '@/server/ingest/url/url-import-service';
import { downloadUrlToFile } from '@/server/ingest/url/download-url';
import type { ResolveHost } from '@/server/ingest/url/pinned-lookup';
import { filesUnder, openRestartableApp, tablesAndSources } from '../uploads/upload-helpers';
import { redirect, send, startLocalServer, type Handler } from './local-server';

const encoded = (body: Buffer, encoding: string): Handler => (_req, res) => {
  res.setHeader('content-type', 'text/csv');
  res.setHeader('content-encoding', encoding);
  res.setHeader('content-length', body.length);
  res.end(body);
};

const CSV = 'id,city,score\n1,Oslo,7.5\n2,Lima,8.25\n3,Pune,6\n';
const NDJSON = '{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n';

/** Test-only DNS: public-looking names that really point at the local server, or at private addresses. */
const resolveHost: ResolveHost = async (host) => {
  if (host === 'never-resolves.example') return new Promise(() => undefined); // a DNS server that never answers
  const table: Record<string, { address: string; family: number }[]> = {
    'public.example': [{ address: '127.0.0.1', family: 4 }],
    'internal.example': [{ address: '10.0.0.5', family: 4 }],
    'mixed.example': [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }],
    localhost: [{ address: '127.0.0.1', family: 4 }],
  };
  const found = table[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found;
};

describe('importing from a URL', () => {
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  let t: Awaited<ReturnType<typeof openRestartableApp>>;
  let hangs: import('node:http').ServerResponse[] = [];
  let xlsConnectionClosed = false;
  let endlessBodies = 0; // answers with an endless body still being sent
  const endless = (res: import('node:http').ServerResponse, status: number, location?: string) => {
    res.statusCode = status;
    if (location) res.setHeader('location', location);
    endlessBodies++;
    const timer = setInterval(() => res.write('x'.repeat(1024)), 5);
    res.on('close', () => (clearInterval(timer), endlessBodies--));
  };
  const uploadsFiles = () => filesUnder(t.config.uploadsDir);

  beforeAll(async () => {
    server = await startLocalServer({
      '/cities.csv': send(CSV, 'text/csv'),
      '/export': send(NDJSON, 'application/x-ndjson'),
      '/plain': send(CSV),
      '/hop1': (_req, res) => redirect(server.url('/hop2'))(_req, res),
      '/hop2': (_req, res) => redirect(server.url('/cities.csv', 'public.example'), 301)(_req, res),
      '/to-loopback': (_req, res) => redirect(server.url('/cities.csv'))(_req, res),
      '/to-internal': (_req, res) => redirect(server.url('/cities.csv', 'internal.example'))(_req, res),
      '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
      '/loop': (_req, res) => redirect(server.url('/loop', 'public.example'))(_req, res),
      '/big-declared': (_req, res) => {
        res.setHeader('content-length', 5000);
        res.write('a,b\n');
        setTimeout(() => res.destroy(), 200);
      },
      '/big-streamed': (_req, res) => {
        res.setHeader('content-type', 'text/csv'); // no length: chunked encoding
        for (let i = 0; i < 100; i++) res.write('1234567890,abcdefghij\n');
        res.end();
      },
      '/hang': (_req, res) => void hangs.push(res),
      '/stall-gzip': (_req, res) => {
        res.setHeader('content-encoding', 'gzip');
        const whole = gzipSync(CSV);
        res.write(whole.subarray(0, whole.length - 8));
        hangs.push(res);
      },
      '/stall': (_req, res) => {
        res.setHeader('content-type', 'text/csv');
        res.write('a,b\n1,2\n');
        hangs.push(res);
      },
      '/drip.csv': (_req, res) => {
        res.setHeader('content-type', 'text/csv');
        res.write('a,b\n');
        const timer = setInterval(() => res.write('1,2\n'), 50);
        res.on('close', () => clearInterval(timer));
      },
      '/bad.json': send('{"a": 1, "b": [1, 2', 'application/json'),
      '/endless-redirect': (_req, res) => endless(res, 302, server.url('/cities.csv')),
      '/endless-error': (_req, res) => endless(res, 500),
      '/old.xls': (_req, res) => {
        res.setHeader('content-length', 100);
        res.write('x'); // the rest never comes: only DuckQuery can end this exchange
        res.on('close', () => (xlsConnectionClosed = true));
      },
      // Servers that compress although DuckQuery asks for identity.
      '/gzipped.csv': encoded(gzipSync(CSV), 'gzip'),
      '/brotli.csv': encoded(brotliCompressSync(CSV), 'br'),
      '/bomb.csv': encoded(gzipSync('1,2\n'.repeat(100_000)), 'gzip'), // ~400 KB from a few hundred bytes
      '/corrupt-gzip.csv': encoded(Buffer.from(CSV), 'gzip'),
      '/compress.csv': encoded(Buffer.from(CSV), 'compress'),
      '/empty.csv': send('', 'text/csv'),
    });
    t = await openRestartableApp({ DUCKQUERY_URL_ALLOW_HOSTS: '127.0.0.1,public.example', DUCKQUERY_MAX_FILE_SIZE: '1000', DUCKQUERY_URL_TIMEOUT_MS: '400' });
  });
  afterAll(async () => {
    for (const res of hangs) res.destroy();
    await server.close();
    t.close();
  });

  it('downloads from a real HTTP server and lands the table with its URL kept for refresh', async () => {
    const done = await importFromUrl(t.app, 'tester', { url: server.url('/cities.csv'), tableAlias: 'cities', ifExists: 'rename' });
    expect(done.result.kind).toBe('table');
    if (done.result.kind !== 'table') return;
    expect(done.result.source).toMatchObject({ source_id: 'cities', row_count: 3, column_count: 3, columns: ['id', 'city', 'score'], file_type: 'csv' });
    expect(done.result.source.extra).toMatchObject({ source_url: server.url('/cities.csv'), original_url: server.url('/cities.csv') });
    expect(fs.readFileSync(done.result.source.file_path!, 'utf8')).toBe(CSV);
    const rows = await t.app.database.read(async (c) => (await c.runAndReadAll(`SELECT city, score FROM cities ORDER BY id`)).getRowsJS());
    expect(rows).toEqual([['Oslo', 7.5], ['Lima', 8.25], ['Pune', 6]]);
    expect(await t.caller.progress.get({ id: done.progressId })).toMatchObject({ kind: 'url_import', state: 'done', bytesDone: CSV.length, result: { sourceId: 'cities' } });
    // a second import of the same name gets the legacy suffix
    const again = await importFromUrl(t.app, 'tester', { url: server.url('/cities.csv'), tableAlias: 'cities', ifExists: 'rename' });
    expect(again.result.kind === 'table' && again.result.source.source_id).toMatch(/^cities_\d{12}$/);
  });

  it('takes the type from the content type when the URL has no extension, else reads CSV', async () => {
    const nd = await importFromUrl(t.app, 'tester', { url: server.url('/export'), ifExists: 'rename' });
    expect(nd.fileType).toBe('jsonl');
    expect(nd.result.kind === 'table' && nd.result.source).toMatchObject({ source_id: 'export', row_count: 2, columns: ['a', 'b'] });
    const plain = await importFromUrl(t.app, 'tester', { url: server.url('/plain'), ifExists: 'rename' });
    expect(plain.fileType).toBe('csv');
    expect(plain.result.kind === 'table' && plain.result.source.row_count).toBe(3);
  });

  it('follows redirects hop by hop while each lands on an allowed host', async () => {
    const done = await importFromUrl(t.app, 'tester', { url: server.url('/hop1'), tableAlias: 'via_redirects', ifExists: 'rename' }, { resolveHost });
    expect(done.result.kind === 'table' && done.result.source).toMatchObject({ source_id: 'via_redirects', row_count: 3 });
    expect(done.result.kind === 'table' && done.result.source.extra).toMatchObject({ final_url: server.url('/cities.csv', 'public.example') });
  });

  it('refuses a public-looking host that redirects to a private, loopback or metadata address; nothing is left behind', async () => {
    const before = { files: uploadsFiles(), db: await tablesAndSources(t.app) };
    const cases: [string, RegExp][] = [
      ['/to-internal', /internal\.example resolves to 10\.0\.0\.5, a private address/],
      ['/to-metadata', /169\.254\.169\.254, a link-local \(cloud metadata\) address/],
    ];
    for (const [path, reason] of cases) {
      await expect(importFromUrl(t.app, 'tester', { url: server.url(path, 'public.example'), ifExists: 'rename' }, { resolveHost })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(reason) });
    }
    expect(uploadsFiles()).toEqual(before.files);
    expect(await tablesAndSources(t.app)).toEqual(before.db);
  });

  it('refuses other schemes, credentials, literal private addresses and metadata names before connecting', async () => {
    const refused: [string, string | RegExp][] = [
      ['file:///etc/passwd', /Only http and https/],
      ['ftp://example.com/a.csv', /Only http and https/],
      ['http://user:secret@example.com/a.csv', /user name or password/],
      ['http://10.0.0.1/a.csv', /a private address/],
      ['http://[fd00:ec2::254]/latest/', /unique-local/],
      ['http://100.64.1.1/', /carrier-grade NAT/],
      ['http://0.0.0.0:8080/', /unspecified/],
      ['http://metadata.google.internal/computeMetadata/v1/', /cloud metadata service/],
      ['not a url', /is not a URL/],
    ];
    for (const [url, message] of refused) {
      await expect(urlInfo(t.app, url, { resolveHost }), url).rejects.toMatchObject({ message: expect.stringMatching(message) });
    }
  });

  it('hangs up on a redirect or an error whose body never ends', async () => {
    const done = await importFromUrl(t.app, 'tester', { url: server.url('/endless-redirect'), tableAlias: 'after_endless', ifExists: 'rename' });
    expect(done.result.kind === 'table' && done.result.source.row_count).toBe(3);
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/endless-error'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/answered 500/) });
    for (let i = 0; i < 200 && endlessBodies > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(endlessBodies).toBe(0);
  });

  it('stops redirect loops, and reports a server error status clearly', async () => {
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/loop', 'public.example'), ifExists: 'rename' }, { resolveHost })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Too many redirects/) });
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/missing.csv'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/answered 404/) });
  });

  it('refuses a declared size over the limit before downloading, and stops a stream that passes it (413); no file left', async () => {
    const before = uploadsFiles();
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/big-declared'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/5000 bytes/) });
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/big-streamed'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(uploadsFiles()).toEqual(before);
  });

  it('gives up on a name that never resolves, a server that never answers, or one that stalls mid-download (timeout); no file left', async () => {
    const before = uploadsFiles();
    const started = Date.now();
    await expect(importFromUrl(t.app, 'tester', { url: 'http://never-resolves.example/a.csv', ifExists: 'rename' }, { resolveHost })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(urlInfo(t.app, 'http://never-resolves.example/a.csv', { resolveHost })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/hang'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/stall'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/stalled/) });
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/stall-gzip'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/stalled/) });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(uploadsFiles()).toEqual(before);
  });

  it('a cancel in the middle of a download stops it: CANCELLED, progress cancelled, no file, no table', async () => {
    const before = { files: uploadsFiles(), db: await tablesAndSources(t.app) };
    let progressId = '';
    const importing = importFromUrl(t.app, 'tester', { url: server.url('/drip.csv'), ifExists: 'rename' }, { onStart: (id) => (progressId = id) }).then(
      () => 'finished',
      (error: { code?: string }) => error.code,
    );
    for (let i = 0; i < 100 && !((await t.caller.progress.get({ id: progressId })).bytesDone > 0); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await t.caller.progress.get({ id: progressId })).phase).toBe('downloading');
    await expect((await t.callerAs('someone-else', 'user')).uploads.cancelUrlImport({ progressId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await t.caller.uploads.cancelUrlImport({ progressId });
    expect(await importing).toBe('CANCELLED');
    expect(await t.caller.progress.get({ id: progressId })).toMatchObject({ state: 'cancelled' });
    expect(uploadsFiles()).toEqual(before.files);
    expect(await tablesAndSources(t.app)).toEqual(before.db);
    await expect(t.caller.uploads.cancelUrlImport({ progressId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('bad content fails in the importer with its reason and leaves no table, row or file', async () => {
    const before = { files: uploadsFiles(), db: await tablesAndSources(t.app) };
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/bad.json'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/bad\.json/) });
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/empty.csv'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/empty/) });
    expect(uploadsFiles()).toEqual(before.files);
    expect(await tablesAndSources(t.app)).toEqual(before.db);
  });

  it('decodes a body the server compressed anyway (gzip, br), counting the size limit on the decoded bytes', async () => {
    for (const [path, table] of [['/gzipped.csv', 'from_gzip'], ['/brotli.csv', 'from_brotli']]) {
      const done = await importFromUrl(t.app, 'tester', { url: server.url(path!), tableAlias: table, ifExists: 'rename' });
      expect(done.result.kind === 'table' && done.result.source).toMatchObject({ source_id: table, row_count: 3, columns: ['id', 'city', 'score'] });
      if (done.result.kind === 'table') expect(fs.readFileSync(done.result.source.file_path!, 'utf8')).toBe(CSV);
    }
    const before = { files: uploadsFiles(), db: await tablesAndSources(t.app) };
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/bomb.csv'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/corrupt-gzip.csv'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/compressed file that is corrupt/) });
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/compress.csv'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/compressed as 'compress'/) });
    expect(uploadsFiles()).toEqual(before.files);
    expect(await tablesAndSources(t.app)).toEqual(before.db);
  });

  it('refuses a .xls download once the answer arrives, and hangs up on the server; no file left', async () => {
    const before = uploadsFiles();
    await expect(importFromUrl(t.app, 'tester', { url: server.url('/old.xls'), ifExists: 'rename' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/save it as \.xlsx/) });
    for (let i = 0; i < 200 && !xlsConnectionClosed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(xlsConnectionClosed).toBe(true);
    expect(uploadsFiles()).toEqual(before);
  });

  it('downloadUrlToFile (for refresh) returns the stored file, its type and the URLs', async () => {
    const file = await downloadUrlToFile(t.app, { url: server.url('/hop1'), resolveHost });
    expect(file).toMatchObject({ fileType: 'csv', bytes: CSV.length, url: server.url('/hop1'), finalUrl: server.url('/cities.csv', 'public.example'), fileName: 'hop1.csv' });
    expect(fs.readFileSync(file.storedPath, 'utf8')).toBe(CSV);
    expect(file.storedPath.startsWith(t.config.uploadsDir)).toBe(true);
    fs.rmSync(file.storedPath);
  });

  it('urlInfo answers type, content type and length from a HEAD request', async () => {
    expect(await urlInfo(t.app, server.url('/cities.csv'))).toEqual({ fileType: 'csv', contentType: 'text/csv', contentLength: CSV.length, url: server.url('/cities.csv') });
  });
});

describe('importing from a URL with no allow-list', () => {
  let server: Awaited<ReturnType<typeof startLocalServer>>;
  let t: Awaited<ReturnType<typeof openRestartableApp>>;
  let served = 0;
  beforeAll(async () => {
    server = await startLocalServer({ '/cities.csv': (req, res) => (served++, send(CSV, 'text/csv')(req, res)) });
    t = await openRestartableApp();
  });
  afterAll(async () => {
    await server.close();
    t.close();
  });

  it('refuses the loopback server by address, by name (real DNS: localhost) and in IPv6 forms; it is never contacted', async () => {
    const before = { files: filesUnder(t.config.uploadsDir), db: await tablesAndSources(t.app) };
    const refused: [string, RegExp][] = [
      [server.url('/cities.csv'), /127\.0\.0\.1, a loopback address/],
      [server.url('/cities.csv', 'localhost'), /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
      [server.url('/cities.csv', '[::1]'), /::1, a loopback address/],
      [server.url('/cities.csv', '[::ffff:127.0.0.1]'), /loopback|IPv4-mapped/],
    ];
    // a name with one public and one loopback address (a rebinding trick) is refused whole
    refused.push([server.url('/cities.csv', 'mixed.example'), /mixed\.example resolves to 127\.0\.0\.1, a loopback address/]);
    for (const [url, reason] of refused) {
      await expect(importFromUrl(t.app, 'tester', { url, ifExists: 'rename' }, { resolveHost: url.includes('mixed') ? resolveHost : undefined }), url).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(reason) });
    }
    expect(served).toBe(0);
    expect(filesUnder(t.config.uploadsDir)).toEqual(before.files);
    expect(await tablesAndSources(t.app)).toEqual(before.db);
  });
});
