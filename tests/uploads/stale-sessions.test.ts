import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUpStaleSessions } from '@/server/ingest/chunked/stale-upload-sessions';
import { bytes, openRestartableApp } from './upload-helpers';

describe('stale and interrupted chunked uploads', () => {
  let t: Awaited<ReturnType<typeof openRestartableApp>>;
  beforeAll(async () => {
    t = await openRestartableApp({ DUCKQUERY_UPLOAD_SESSION_TTL_HOURS: '1' });
  });
  afterAll(() => t.close());

  const chunkDir = (id: string) => path.join(t.config.uploadsDir, '.chunks', id);
  const ids = () => t.app.database.read(async (c) => (await c.runAndReadAll(`SELECT upload_id FROM system_upload_sessions ORDER BY upload_id`)).getRowsJS().map((r) => String(r[0])));
  /** Makes a session look idle since `hoursAgo` (its chunks too). */
  const age = (id: string, hoursAgo: number) =>
    t.app.database.write(async (c) => {
      await c.run(`UPDATE system_upload_sessions SET updated_at = now() - to_hours(${hoursAgo}::BIGINT) WHERE upload_id = $1`, [id]);
      await c.run(`UPDATE system_upload_chunks SET received_at = now() - to_hours(${hoursAgo}::BIGINT) WHERE upload_id = $1`, [id]);
    });

  it('removes sessions idle longer than DUCKQUERY_UPLOAD_SESSION_TTL_HOURS with their chunks; active ones stay', async () => {
    const old = await t.caller.uploads.init({ fileName: 'old.csv', fileSize: 20, chunkSize: 10 });
    await t.caller.uploads.chunk({ uploadId: old.uploadId, chunkNumber: 0, data: bytes('a,b\n1,2\n3,') });
    const fresh = await t.caller.uploads.init({ fileName: 'fresh.csv', fileSize: 20, chunkSize: 10 });
    await t.caller.uploads.chunk({ uploadId: fresh.uploadId, chunkNumber: 0, data: bytes('a,b\n1,2\n3,') });
    await age(old.uploadId, 2);
    const orphan = chunkDir('not-a-session');
    fs.mkdirSync(orphan, { recursive: true });
    fs.writeFileSync(path.join(orphan, '0.part'), 'x');

    expect(await cleanUpStaleSessions(t.app)).toEqual([old.uploadId]);
    expect(await ids()).toEqual([fresh.uploadId]);
    expect(fs.existsSync(chunkDir(old.uploadId))).toBe(false);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.readdirSync(chunkDir(fresh.uploadId))).toEqual(['0.part']);
    const chunkRows = await t.app.database.read(async (c) => (await c.runAndReadAll(`SELECT upload_id FROM system_upload_chunks`)).getRowsJS().map((r) => String(r[0])));
    expect(chunkRows).toEqual([fresh.uploadId]);
  });

  it('keeps the chunk folder of a complete that is assembling right now; removes one a failed upload left', async () => {
    const assembling = await t.caller.uploads.init({ fileName: 'busy.csv', fileSize: 20, chunkSize: 10 });
    await t.caller.uploads.chunk({ uploadId: assembling.uploadId, chunkNumber: 0, data: bytes('a,b\n1,2\n3,') });
    const failed = await t.caller.uploads.init({ fileName: 'failed.csv', fileSize: 20, chunkSize: 10 });
    await t.caller.uploads.chunk({ uploadId: failed.uploadId, chunkNumber: 0, data: bytes('a,b\n1,2\n3,') });
    // as another request's complete leaves them while it runs, and as a crash mid-failure could
    await t.app.database.write(async (c) => {
      await c.run(`UPDATE system_upload_sessions SET status = 'assembling' WHERE upload_id = $1`, [assembling.uploadId]);
      await c.run(`UPDATE system_upload_sessions SET status = 'failed' WHERE upload_id = $1`, [failed.uploadId]);
    });

    expect(await cleanUpStaleSessions(t.app)).toEqual([]);
    expect(fs.readdirSync(chunkDir(assembling.uploadId))).toEqual(['0.part']);
    expect(fs.existsSync(chunkDir(failed.uploadId))).toBe(false);
    await t.caller.uploads.cancel({ uploadId: assembling.uploadId });
    await t.caller.uploads.cancel({ uploadId: failed.uploadId });
  });

  it('at start-up: stale sessions go, and a complete the last process did not finish can be retried', async () => {
    const stale = await t.caller.uploads.init({ fileName: 'stale.csv', fileSize: 10 });
    await age(stale.uploadId, 3);
    const data = 'a,b\n1,2\n3,4\n';
    const interrupted = await t.caller.uploads.init({ fileName: 'interrupted.csv', fileSize: data.length, chunkSize: 6 });
    for (let n = 0; n * 6 < data.length; n++) await t.caller.uploads.chunk({ uploadId: interrupted.uploadId, chunkNumber: n, data: bytes(data.slice(n * 6, n * 6 + 6)) });
    // a crash while assembling: status 'assembling' and a partial assembled file on disk
    await t.app.database.write((c) => c.run(`UPDATE system_upload_sessions SET status = 'assembling' WHERE upload_id = $1`, [interrupted.uploadId]));
    const partial = path.join(t.config.uploadsDir, `${interrupted.uploadId}.csv`);
    fs.writeFileSync(partial, 'a,b\n1,');

    await t.restart();

    expect(await ids()).not.toContain(stale.uploadId);
    expect(fs.existsSync(partial)).toBe(false);
    expect(await t.caller.uploads.status({ uploadId: interrupted.uploadId })).toMatchObject({ status: 'uploading', uploadedChunks: 2 });
    const done = await t.caller.uploads.complete({ uploadId: interrupted.uploadId });
    expect(done.kind === 'table' && done.source).toMatchObject({ source_id: 'interrupted', row_count: 2 });
  });

  it('at start-up: an import the last process left running is completed when its table landed, else failed with its file removed', async () => {
    const data = 'a,b\n1,2\n';
    const landed = await t.caller.uploads.init({ fileName: 'landed.csv', fileSize: data.length });
    await t.caller.uploads.chunk({ uploadId: landed.uploadId, chunkNumber: 0, data: bytes(data) });
    await t.caller.uploads.complete({ uploadId: landed.uploadId });
    const lost = await t.caller.uploads.init({ fileName: 'lost.csv', fileSize: data.length });
    const lostFile = path.join(t.config.uploadsDir, `${lost.uploadId}.csv`);
    fs.writeFileSync(lostFile, data);
    // as a crash would leave them: the first landed but its status was not written yet; the second never landed
    await t.app.database.write(async (c) => {
      await c.run(`UPDATE system_upload_sessions SET status = 'importing', source_id = NULL WHERE upload_id = $1`, [landed.uploadId]);
      await c.run(`UPDATE system_upload_sessions SET status = 'importing' WHERE upload_id = $1`, [lost.uploadId]);
    });

    await t.restart();

    expect(await t.caller.uploads.status({ uploadId: landed.uploadId })).toMatchObject({ status: 'completed', sourceId: 'landed' });
    expect(await t.caller.uploads.status({ uploadId: lost.uploadId })).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/server stopped while importing/) });
    expect(fs.existsSync(lostFile)).toBe(false);
  });
});
