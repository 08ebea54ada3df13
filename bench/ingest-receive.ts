/**
 * Where the time of receiving an upload goes: one multipart body (a generated CSV, ~200 MB by
 * default; DQ_BENCH_RECEIVE_MB) sent over loopback HTTP to a server in its own process, which
 * handles it in one of several ways, from the bare minimum to DuckQuery's real `receiveUpload`:
 *  - sink:            read the request and drop it (the cost of the client and the socket alone);
 *  - raw-to-disk:     `req.pipe(fs.createWriteStream)` (add the disk);
 *  - busboy-to-disk:  `req.pipe(busboy)`, its file part piped to disk (add multipart parsing; busboy is what receiveUpload used
 *                     before src/server/ingest/multipart-parts.ts, kept as a dev dependency for this comparison);
 *  - web-sink:        the body as a Web stream (`Readable.toWeb`) read back through `Readable.fromWeb` and dropped;
 *  - receive (web body):  `receiveUpload` on a Request whose body is `Readable.toWeb(req)`;
 *  - receive (node body): `receiveUpload` on a Request built as Next.js builds it (the Node request as the body);
 *  - receive before (node body): the same with `receiveUpload` as it was at commit DQ_BENCH_RECEIVE_BEFORE, if set
 *    (before/after in one run).
 * Rounds are interleaved (each way once per round) and the median kept: the machine is shared.
 * Run alone: `npx tsx bench/ingest-receive.ts` (DQ_BENCH_RECEIVE_ROUNDS, default 3; DQ_BENCH_RECEIVE_BEFORE=<commit>).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { onCleanup, runCleanups } from './lib/cleanup';
import { fmt, table } from './lib/markdown';
import { midpointMedian } from './lib/stats';
import { makeTempDir } from './lib/temp-dir';

const ALL_WAYS = ['sink', 'raw-to-disk', 'busboy-to-disk', 'web-sink', 'receive (web body)', 'receive (node body)', 'receive before (node body)'] as const;
type Way = (typeof ALL_WAYS)[number];
const BEFORE = process.env.DQ_BENCH_RECEIVE_BEFORE;
const WAYS = ALL_WAYS.filter((w) => BEFORE || w !== 'receive before (node body)');
const BOUNDARY = '----duckquery-bench';

// ---- server side (its own process, so client and server do not share an event loop) ----

async function serve(dir: string): Promise<void> {
  const { receiveUpload } = await import('../src/server/ingest/receive-upload');
  const before = BEFORE ? await importBefore(BEFORE, dir) : null;
  let n = 0;
  const target = () => path.join(dir, `received-${process.pid}-${n++}.csv`);
  const handlers: Record<Way, (req: http.IncomingMessage) => Promise<number>> = {
    sink: async (req) => {
      let bytes = 0;
      for await (const chunk of req) bytes += (chunk as Buffer).length;
      return bytes;
    },
    'raw-to-disk': async (req) => {
      const file = target();
      await pipeline(req, fs.createWriteStream(file));
      const size = fs.statSync(file).size;
      fs.rmSync(file);
      return size;
    },
    'busboy-to-disk': (req) =>
      new Promise((resolve, reject) => {
        const file = target();
        const parser = busboy({ headers: req.headers });
        let written: Promise<void> = Promise.resolve();
        parser.on('file', (_name, stream) => (written = pipeline(stream, fs.createWriteStream(file))));
        parser.on('close', () =>
          written.then(() => {
            const size = fs.statSync(file).size;
            fs.rmSync(file);
            resolve(size);
          }, reject),
        );
        parser.on('error', reject);
        req.pipe(parser);
      }),
    'web-sink': async (req) => {
      let bytes = 0;
      for await (const chunk of Readable.fromWeb(Readable.toWeb(req) as WebReadableStream<Uint8Array>)) bytes += (chunk as Buffer).length;
      return bytes;
    },
    'receive (web body)': (req) => viaReceive(req, Readable.toWeb(req) as unknown as BodyInit),
    'receive (node body)': (req) => viaReceive(req, req as unknown as BodyInit),
    'receive before (node body)': (req) => viaReceive(req, req as unknown as BodyInit, before!),
  };
  async function viaReceive(req: http.IncomingMessage, body: BodyInit, receive = receiveUpload): Promise<number> {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
    const request = new Request('http://127.0.0.1/api/upload', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
    const received = await receive(request, { dir, maxBytes: 50 * 1024 ** 3, progress: { id: 'x', update: () => undefined, finish: () => undefined, fail: () => undefined, cancel: () => undefined } });
    fs.rmSync(received.storedPath);
    return received.size;
  }
  const server = http.createServer(async (req, res) => {
    try {
      const way = decodeURIComponent(req.url!.slice(1)) as Way;
      const bytes = await handlers[way](req);
      res.writeHead(200).end(JSON.stringify({ bytes }));
    } catch (error) {
      res.writeHead(500).end(JSON.stringify({ error: String((error as Error)?.message ?? error) }));
    }
  });
  server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
}

/** `receiveUpload` as it was at a commit: its source from git, with its imports pointed at today's modules. */
async function importBefore(commit: string, dir: string): Promise<typeof import('../src/server/ingest/receive-upload').receiveUpload> {
  const ingest = path.resolve(import.meta.dirname, '..', 'src', 'server', 'ingest');
  const source = execFileSync('git', ['show', `${commit}:src/server/ingest/receive-upload.ts`], { encoding: 'utf8' })
    .replaceAll("from '../", `from '${path.dirname(ingest)}/`)
    .replaceAll("from './", `from '${ingest}/`);
  const file = path.join(dir, 'receive-upload-before.ts');
  fs.writeFileSync(file, source);
  return ((await import(file)) as typeof import('../src/server/ingest/receive-upload')).receiveUpload;
}

// ---- client side ----

function send(port: number, way: Way, file: string): Promise<number> {
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const length = head.length + fs.statSync(file).size + tail.length;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: `/${encodeURIComponent(way)}`, method: 'POST', agent: false, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': length } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`${way}: ${res.statusCode} ${text}`));
          resolve(performance.now() - started);
        });
      },
    );
    req.on('error', reject);
    const out = new PassThrough();
    out.write(head);
    const source = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
    source.on('end', () => out.end(tail));
    source.pipe(out, { end: false });
    out.pipe(req);
  });
}

async function main(): Promise<void> {
  const mb = Number(process.env.DQ_BENCH_RECEIVE_MB || 200);
  const rounds = Number(process.env.DQ_BENCH_RECEIVE_ROUNDS || 3);
  const { dir } = makeTempDir('ingest-receive');
  const file = path.join(dir, 'body.csv');
  // CSV-like text (busboy scans every byte for the boundary, so the content should look real).
  const line = (i: number) => `${i},name_${i % 100000},${(i * 7919) % 1000003}.25,2021-0${(i % 9) + 1}-1${i % 10},${i % 3 === 0},green,2024-01-01 00:00:${String(i % 60).padStart(2, '0')},${(i * 2654435761).toString(16).slice(0, 12)}\n`;
  const out = fs.openSync(file, 'w');
  let size = 0;
  for (let i = 0; size < mb * 1e6; ) {
    let block = '';
    for (let k = 0; k < 10000; k++) block += line(i++);
    fs.writeSync(out, block);
    size += Buffer.byteLength(block);
  }
  fs.closeSync(out);
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, 'serve', dir], { cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  onCleanup(`kill receive server ${child.pid}`, () => child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (c: Buffer) => {
      text += c;
      const m = /PORT (\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  const times = new Map<Way, number[]>(WAYS.map((w) => [w, []]));
  await send(port, 'sink', file); // warm-up
  for (let round = 1; round <= rounds; round++) {
    console.error(`… round ${round}/${rounds}`);
    for (const way of WAYS) times.get(way)!.push(await send(port, way, file));
  }
  child.kill('SIGTERM');
  const base = midpointMedian(times.get('raw-to-disk')!);
  const rows = WAYS.map((way) => {
    const ms = midpointMedian(times.get(way)!);
    return [way, `${fmt(ms / 1000, 2)} s`, `${fmt(size / 1e6 / (ms / 1000), 0)} MB/s`, fmt(base / ms, 2)];
  });
  console.log(`# Receiving an upload: ${fmt(size / 1e6, 0)} MB, median of ${rounds} interleaved rounds\n`);
  console.log(`- ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}\n`);
  console.log(table(['way', 'time', 'speed', 'speed ÷ raw-to-disk'], rows));
}

if (process.argv[2] === 'serve') {
  void serve(process.argv[3]!);
} else {
  main()
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(runCleanups);
}
