import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytes, chunksOf, filesUnder, md5, openRestartableApp, tablesAndSources } from './upload-helpers';

const CSV = Buffer.from('id,name,amount\n1,alpha,1.5\n2,beta,2.5\n3,gamma,3.5\n4,delta,4.5\n');

describe('chunked upload sessions', () => {
  let t: Awaited<ReturnType<typeof openRestartableApp>>;
  beforeAll(async () => {
    t = await openRestartableApp({ DUCKQUERY_MAX_FILE_SIZE: '1MiB' });
  });
  afterAll(() => t.close());

  const uploads = () => t.caller.uploads;
  const sessionRow = (id: string) =>
    t.app.database.read(async (c) => (await c.runAndReadAll(`SELECT * FROM system_upload_sessions WHERE upload_id = $1`, [id])).getRowObjectsJS()[0] ?? null);

  it('records the session in DuckDB, takes chunks in any order, and survives a server restart', async () => {
    const init = await uploads().init({ fileName: 'sales.csv', fileSize: CSV.length, chunkSize: 20, fileHash: md5(CSV) });
    expect(init.totalChunks).toBe(Math.ceil(CSV.length / 20));
    const chunks = chunksOf(CSV, 20);
    await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 2, data: bytes(chunks[2]!) });
    await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 0, data: bytes(chunks[0]!) });

    await t.restart(); // close DuckDB, open it again over the same files: the session is still there

    const status = await uploads().status({ uploadId: init.uploadId });
    expect(status).toMatchObject({ fileName: 'sales.csv', status: 'uploading', uploadedChunks: 2, totalChunks: init.totalChunks, fileSize: CSV.length });
    expect(status.missingChunks).toEqual([1, ...Array.from({ length: init.totalChunks - 3 }, (_, i) => i + 3)]);
    for (let n = 0; n < chunks.length; n++) await uploads().chunk({ uploadId: init.uploadId, chunkNumber: n, data: bytes(chunks[n]!) });
    const after = await uploads().status({ uploadId: init.uploadId });
    expect(after.uploadedChunks).toBe(chunks.length);
    expect(after.progress).toBe(100);
    // the chunk files on disk, under server-made names, hold exactly the file
    const dir = path.join(t.config.uploadsDir, '.chunks', init.uploadId);
    const joined = Buffer.concat(chunks.map((_, n) => fs.readFileSync(path.join(dir, `${n}.part`))));
    expect(joined.equals(CSV)).toBe(true);
  });

  it('acknowledges a repeated chunk without storing it twice', async () => {
    const init = await uploads().init({ fileName: 'twice.csv', fileSize: CSV.length, chunkSize: 32 });
    const first = await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 0, data: bytes(CSV.subarray(0, 32)) });
    const again = await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 0, data: bytes(CSV.subarray(0, 32)) });
    expect(first).toMatchObject({ duplicate: false, uploadedChunks: 1 });
    expect(again).toMatchObject({ duplicate: true, uploadedChunks: 1 });
    const count = await t.app.database.read(async (c) => Number((await c.runAndReadAll(`SELECT count(*) FROM system_upload_chunks WHERE upload_id = $1`, [init.uploadId])).getRowsJS()[0]![0]));
    expect(count).toBe(1);
  });

  it('a retried chunk still in flight when the first copy was recorded and a complete began leaves that chunk\'s file in place', async () => {
    const data = 'a,b\n1,2\n';
    const init = await uploads().init({ fileName: 'retried.csv', fileSize: data.length });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slowCopy() {
      await gate; // the retry's bytes arrive only after the first copy was recorded
      yield Buffer.from(data);
    }
    const retry = uploads().chunk({ uploadId: init.uploadId, chunkNumber: 0, data: slowCopy() }).catch((error: { code?: string }) => error.code);
    // The retry is past its duplicate check once its temporary file exists; it waits for bytes there.
    const chunkDir = path.join(t.config.uploadsDir, '.chunks', init.uploadId);
    for (let i = 0; i < 500 && !filesUnder(chunkDir).some((f) => f.endsWith('.tmp')); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(filesUnder(chunkDir)).toEqual([expect.stringMatching(/^0\.part\..+\.tmp$/)]);
    await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 0, data: bytes(data) });
    // as a complete claiming the session leaves it
    await t.app.database.write((c) => c.run(`UPDATE system_upload_sessions SET status = 'assembling' WHERE upload_id = $1`, [init.uploadId]));
    release();
    expect(await retry).toBe('CONFLICT');
    expect(fs.readFileSync(path.join(chunkDir, '0.part'), 'utf8')).toBe(data);
    expect(filesUnder(chunkDir)).toEqual(['0.part']); // no temporary file either
    await uploads().cancel({ uploadId: init.uploadId });
  });

  it('refuses chunk numbers out of range, and chunks of the wrong length, leaving no chunk file', async () => {
    const init = await uploads().init({ fileName: 'range.csv', fileSize: 50, chunkSize: 20 }); // chunks 0, 1, 2 (10 bytes)
    await expect(uploads().chunk({ uploadId: init.uploadId, chunkNumber: 3, data: bytes('x'.repeat(10)) })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/out of range: this upload has chunks 0 to 2/) });
    await expect(uploads().chunk({ uploadId: init.uploadId, chunkNumber: -1, data: bytes('x') })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(uploads().chunk({ uploadId: init.uploadId, chunkNumber: 0, data: bytes('x'.repeat(21)) })).rejects.toMatchObject({ message: expect.stringMatching(/larger than expected: this chunk must be 20 bytes/) });
    await expect(uploads().chunk({ uploadId: init.uploadId, chunkNumber: 2, data: bytes('x'.repeat(9)) })).rejects.toMatchObject({ message: expect.stringMatching(/Chunk is 9 bytes; this chunk must be 10 bytes/) });
    expect(filesUnder(path.join(t.config.uploadsDir, '.chunks', init.uploadId))).toEqual([]);
    expect((await uploads().status({ uploadId: init.uploadId })).uploadedChunks).toBe(0);
  });

  it('answers 404 for an unknown or malformed upload id, and hides one actor\'s upload from another', async () => {
    await expect(uploads().status({ uploadId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(uploads().chunk({ uploadId: '../../etc', chunkNumber: 0, data: bytes('x') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const mine = await (await t.callerAs('user', 'user')).uploads.init({ fileName: 'mine.csv', fileSize: 10 });
    const other = await t.callerAs('someone', 'user');
    await expect(other.uploads.status({ uploadId: mine.uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.uploads.cancel({ uploadId: mine.uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await sessionRow(mine.uploadId)).not.toBeNull();
  });

  it('refuses a declared size over the limit (413), an empty file, unsupported and .xls names, and oversized chunk sizes', async () => {
    await expect(uploads().init({ fileName: 'big.csv', fileSize: 1024 * 1024 + 1 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/largest allowed, 1048576 bytes/) });
    await expect(uploads().init({ fileName: 'empty.csv', fileSize: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(uploads().init({ fileName: 'notes.docx', fileSize: 10 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/Unsupported file type/) });
    await expect(uploads().init({ fileName: 'old.xls', fileSize: 10 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/save it as \.xlsx/) });
    await expect(uploads().init({ fileName: 'a.csv', fileSize: 1000, chunkSize: 200 * 1024 * 1024 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(uploads().init({ fileName: 'a.csv', fileSize: 1000, fileHash: 'not-an-md5' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('keeps only the last segment of a hostile file name, as metadata: chunk files get server names; NUL and 1000+ characters are refused', async () => {
    const before = filesUnder(t.config.dataDir);
    const names = { '../../x.csv': 'x.csv', '/etc/passwd.csv': 'passwd.csv', 'C:\\Windows\\evil.csv': 'evil.csv', '数据 表.csv': '数据 表.csv' };
    for (const [name, kept] of Object.entries(names)) {
      const init = await uploads().init({ fileName: name, fileSize: 4 });
      await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 0, data: bytes('a\n1\n') });
      expect((await uploads().status({ uploadId: init.uploadId })).fileName).toBe(kept);
      expect(filesUnder(path.join(t.config.uploadsDir, '.chunks', init.uploadId))).toEqual(['0.part']);
    }
    expect(fs.existsSync(path.join(t.root, 'x.csv'))).toBe(false);
    expect(fs.existsSync(path.join(t.dataDir, 'x.csv'))).toBe(false);
    await expect(uploads().init({ fileName: 'a\u0000.csv', fileSize: 4 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/control characters/) });
    await expect(uploads().init({ fileName: `${'n'.repeat(1100)}.csv`, fileSize: 4 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/longer than 1024 characters/) });
    const added = filesUnder(t.config.dataDir).filter((f) => !before.includes(f));
    expect(added.every((f) => /^uploads\/\.chunks\/[0-9a-f-]{36}\/0\.part$/.test(f) || !f.startsWith('uploads'))).toBe(true);
  });

  it('complete with missing chunks answers which are missing, and keeps the session open for them', async () => {
    const init = await uploads().init({ fileName: 'gaps.csv', fileSize: CSV.length, chunkSize: 10 });
    await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 1, data: bytes(CSV.subarray(10, 20)) });
    await expect(uploads().complete({ uploadId: init.uploadId })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^Missing chunks: 0, 2, 3/) });
    expect(await uploads().status({ uploadId: init.uploadId })).toMatchObject({ status: 'uploading', uploadedChunks: 1 });
    expect(filesUnder(t.config.uploadsDir).filter((f) => !f.startsWith('.chunks'))).toEqual([]);
  });

  it('an MD5 mismatch fails the upload with both hashes named, and removes every file; no table, no file source', async () => {
    const wrong = md5(Buffer.from('something else'));
    const init = await uploads().init({ fileName: 'tampered.csv', fileSize: CSV.length, chunkSize: 40, fileHash: wrong });
    const chunks = chunksOf(CSV, 40);
    for (let n = 0; n < chunks.length; n++) await uploads().chunk({ uploadId: init.uploadId, chunkNumber: n, data: bytes(chunks[n]!) });
    await expect(uploads().complete({ uploadId: init.uploadId })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(`MD5 mismatch: the file received has MD5 ${md5(CSV)}, not ${wrong}`) });
    const status = await uploads().status({ uploadId: init.uploadId });
    expect(status).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/MD5 mismatch/) });
    expect(filesUnder(t.config.uploadsDir).filter((f) => f.includes(init.uploadId))).toEqual([]);
    expect(await tablesAndSources(t.app)).toEqual({ tables: [], sources: [] });
    await expect(uploads().chunk({ uploadId: init.uploadId, chunkNumber: 0, data: bytes(chunks[0]!) })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('cancel in the middle removes the session, its chunk rows and files; later chunks get 404', async () => {
    const init = await uploads().init({ fileName: 'cancel.csv', fileSize: CSV.length, chunkSize: 16 });
    await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 0, data: bytes(CSV.subarray(0, 16)) });
    await uploads().cancel({ uploadId: init.uploadId });
    expect(await sessionRow(init.uploadId)).toBeNull();
    expect(fs.existsSync(path.join(t.config.uploadsDir, '.chunks', init.uploadId))).toBe(false);
    await expect(uploads().chunk({ uploadId: init.uploadId, chunkNumber: 1, data: bytes(CSV.subarray(16, 32)) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(uploads().cancel({ uploadId: init.uploadId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const audit = await t.app.database.read(async (c) => (await c.runAndReadAll(`SELECT action FROM system_audit_log WHERE target_id = $1 ORDER BY id`, [init.uploadId])).getRowsJS().map((r) => r[0]));
    expect(audit).toEqual(['upload.init', 'upload.cancel']);
  });

  it('reports received bytes through the progress registry', async () => {
    const init = await uploads().init({ fileName: 'progress.csv', fileSize: 40, chunkSize: 10 });
    await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 3, data: bytes('x'.repeat(10)) });
    await uploads().chunk({ uploadId: init.uploadId, chunkNumber: 1, data: bytes('x'.repeat(10)) });
    const progress = await t.caller.progress.get({ id: init.progressId });
    expect(progress).toMatchObject({ kind: 'chunked_upload', label: 'progress.csv', phase: 'receiving', bytesDone: 20, bytesTotal: 40, state: 'running' });
  });
});
