/**
 * The server side of the upload bench, in its own process (so its peak memory is its own): the
 * real POST /api/upload route handler behind a plain node:http server, plus two bench-only
 * endpoints — the import step alone (ingestStoredFile on a file already in uploads/) and "wait
 * until the background profile is saved", so one measurement never overlaps the next.
 * Usage: tsx bench/ingest-upload-server.ts <dataDir> <configDir>; prints the port.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const [dataDir, configDir] = process.argv.slice(2);
process.env.DUCKQUERY_DATA_DIR = dataDir;
process.env.DUCKQUERY_CONFIG_DIR = configDir;
process.env.DUCKQUERY_SKIP_LEGACY_IMPORT = 'true';
process.env.DUCKQUERY_RATE_LIMITS = 'off';

const { POST } = await import('../src/app/api/upload/route');
const { getApp } = await import('../src/server/db/instance');
const { ingestStoredFile } = await import('../src/server/ingest/ingest-stored-file');
const { profileSettled } = await import('../src/server/ingest/profile-table');
const { listProgress } = await import('../src/server/progress/progress-registry');
await getApp();

// When each upload's progress phase changed (receiving → reading → landed → done), so the bench
// can say how long the upload spent receiving and how long importing.
const phases = new Map<string, { phase: string; at: number }[]>();
setInterval(() => {
  for (const p of listProgress({ runningOnly: true })) {
    if (p.kind !== 'upload') continue;
    const seen = phases.get(p.id) ?? [];
    if (seen.at(-1)?.phase !== p.phase) seen.push({ phase: p.phase, at: performance.now() });
    phases.set(p.id, seen);
  }
}, 5).unref();

// The JavaScript side's peak (heap + buffers held outside it): what streaming keeps flat. RSS
// also holds DuckDB's buffer pool, which caches table blocks up to its memory limit by design.
let peakJsBytes = 0;
setInterval(() => {
  const m = process.memoryUsage();
  peakJsBytes = Math.max(peakJsBytes, m.heapUsed + m.external);
}, 20).unref();

let lastPhases: { receiveMs: number; afterMs: number } | null = null;

async function readJson(req: http.IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.url === '/api/upload') {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
      // The body as Next.js passes it to a route handler: the Node request itself, which the Request turns into a Web stream.
      const request = new Request(`http://127.0.0.1${req.url}`, { method: 'POST', headers, body: req as unknown as BodyInit, duplex: 'half' } as RequestInit);
      const started = performance.now();
      const response = await POST(request);
      const ended = performance.now();
      const progressId = ((await response.clone().json()) as { progress_id?: string }).progress_id;
      const seen = (progressId && phases.get(progressId)) || [];
      const receivedAt = seen.find((s) => s.phase !== 'receiving')?.at;
      if (receivedAt !== undefined) lastPhases = { receiveMs: receivedAt - started, afterMs: ended - receivedAt };
      phases.clear();
      res.writeHead(response.status, { 'content-type': 'application/json' }).end(Buffer.from(await response.arrayBuffer()));
      return;
    }
    if (req.url === '/bench/bare-pipe') {
      // The bare minimum of receiving the same body in this same process: the request piped to a file, nothing parsed.
      const app = await getApp();
      const file = path.join(app.config.uploadsDir, `bare-pipe-${randomUUID()}`);
      const started = performance.now();
      await pipeline(req, fs.createWriteStream(file));
      const ms = performance.now() - started;
      await fs.promises.rm(file, { force: true });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ms }));
      return;
    }
    const body = await readJson(req);
    if (req.url === '/bench/import-step') {
      const app = await getApp();
      const started = performance.now();
      const source = await ingestStoredFile(app, { storedPath: body.path!, originalFilename: body.name!, ifExists: 'replace', actor: 'bench' });
      const ms = performance.now() - started;
      await profileSettled(source.source_id);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ms, rows: source.row_count }));
      return;
    }
    if (req.url === '/bench/phases') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(lastPhases));
      return;
    }
    if (req.url === '/bench/memory') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ peakJsMb: peakJsBytes / 1024 / 1024 }));
      return;
    }
    if (req.url === '/bench/settle') {
      await profileSettled(body.table!);
      res.writeHead(200).end('{}');
      return;
    }
    res.writeHead(404).end('{}');
  } catch (error) {
    res.writeHead(500).end(JSON.stringify({ error: String((error as Error)?.message ?? error) }));
  }
});
server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
