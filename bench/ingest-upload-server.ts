/**
 * The server side of the upload bench, in its own process (so its peak memory is its own): the
 * real POST /api/upload route handler behind a plain node:http server, plus two bench-only
 * endpoints — the import step alone (ingestStoredFile on a file already in uploads/) and "wait
 * until the background profile is saved", so one measurement never overlaps the next.
 * Usage: tsx bench/ingest-upload-server.ts <dataDir> <configDir>; prints the port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

const [dataDir, configDir] = process.argv.slice(2);
process.env.DUCKQUERY_DATA_DIR = dataDir;
process.env.DUCKQUERY_CONFIG_DIR = configDir;
process.env.DUCKQUERY_SKIP_LEGACY_IMPORT = 'true';
process.env.DUCKQUERY_RATE_LIMITS = 'off';

const { POST } = await import('../src/app/api/upload/route');
const { getApp } = await import('../src/server/db/instance');
const { ingestStoredFile } = await import('../src/server/ingest/ingest-stored-file');
const { profileSettled } = await import('../src/server/ingest/profile-table');
await getApp();

// The JavaScript side's peak (heap + buffers held outside it): what streaming keeps flat. RSS
// also holds DuckDB's buffer pool, which caches table blocks up to its memory limit by design.
let peakJsBytes = 0;
setInterval(() => {
  const m = process.memoryUsage();
  peakJsBytes = Math.max(peakJsBytes, m.heapUsed + m.external);
}, 20).unref();

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
      const request = new Request(`http://127.0.0.1${req.url}`, { method: 'POST', headers, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit);
      const response = await POST(request);
      res.writeHead(response.status, { 'content-type': 'application/json' }).end(Buffer.from(await response.arrayBuffer()));
      return;
    }
    const body = await readJson(req);
    if (req.url === '/bench/import-step') {
      const app = await getApp();

// The JavaScript side's peak (heap + buffers held outside it): what streaming keeps flat. RSS
// also holds DuckDB's buffer pool, which caches table blocks up to its memory limit by design.
let peakJsBytes = 0;
setInterval(() => {
  const m = process.memoryUsage();
  peakJsBytes = Math.max(peakJsBytes, m.heapUsed + m.external);
}, 20).unref();
      const started = performance.now();
      const source = await ingestStoredFile(app, { storedPath: body.path!, originalFilename: body.name!, ifExists: 'replace', actor: 'bench' });
      const ms = performance.now() - started;
      await profileSettled(source.source_id);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ms, rows: source.row_count }));
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
