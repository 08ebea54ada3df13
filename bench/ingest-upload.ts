/**
 * Issue 3's bench: a generated CSV (default 10 M rows of mixed types, ~1 GB; DQ_BENCH_INGEST_ROWS
 * for quick runs) and its Parquet twin, each
 *  (a) read by raw DuckDB: `CREATE TABLE … AS SELECT * FROM read_csv(…)` into a fresh database file;
 *  (b) through DuckQuery: the import step alone (ingestStoredFile: type check, sniff, CTAS into a
 *      staging table, swap-in with its metadata row), and the whole upload — multipart over real
 *      HTTP into POST /api/upload (streamed to disk → table → metadata row → answer);
 * side by side in one run, at a quarter of the size and at full size (server memory should stay flat).
 * Run alone: `npx tsx bench/ingest-upload.ts` (writes bench/results/ingest-upload.md).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { onCleanup, runCleanups } from './lib/cleanup';
import { fmt, table } from './lib/markdown';
import { midpointMedian } from './lib/stats';
import { makeTempDir } from './lib/temp-dir';
import { runHeader } from './report/run-header';
import { peakRssMb } from './server/peak-rss';

const FULL_ROWS = Number(process.env.DQ_BENCH_INGEST_ROWS || 10_000_000);
/** Each measurement is repeated, interleaved (raw, import, upload, raw, …), and the median kept: the machine is shared. */
const ROUNDS = Number(process.env.DQ_BENCH_INGEST_ROUNDS || 5);

interface Measure {
  ms: number;
  rows: number;
  /** Uploads: the part spent receiving the body to disk (until the progress left the 'receiving' phase). */
  receiveMs?: number;
}
interface SizeResult {
  rows: number;
  csvBytes: number;
  parquetBytes: number;
  raw: { csv: Measure; parquet: Measure };
  importStep: { csv: Measure; parquet: Measure };
  upload: { csv: Measure; parquet: Measure };
  serverPeakRssMb: number | null;
  serverPeakJsMb: number;
  /** The CSV body piped to a file by the same server, nothing parsed: receiving without any parsing. */
  barePipeCsvMs: number;
}
export type IngestUploadResult = { sizes: SizeResult[] };

const sql = (s: string) => s.replace(/'/g, "''");

/** The data, written by DuckDB itself (fast, reproducible: seeded by row number). */
async function generate(dir: string, rows: number): Promise<{ csv: string; parquet: string }> {
  const csv = path.join(dir, `bench_${rows}.csv`);
  const parquet = path.join(dir, `bench_${rows}.parquet`);
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    const select = `SELECT range AS id,
        'name_' || (range % 100000) AS name,
        round((range * 7919 % 1000003) / 100.0, 2) AS amount,
        DATE '2020-01-01' + (range % 2000)::INTEGER AS day,
        range % 3 = 0 AS flag,
        ['red', 'green', 'blue', 'amber'][(range % 4) + 1] AS category,
        TIMESTAMP '2024-01-01 00:00:00' + to_seconds(range) AS at,
        md5(range::VARCHAR)[1:12] AS code
      FROM range(${rows})`;
    await c.run(`COPY (${select}) TO '${sql(csv)}' (FORMAT csv, HEADER)`);
    await c.run(`COPY (SELECT * FROM read_csv('${sql(csv)}')) TO '${sql(parquet)}' (FORMAT parquet)`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  return { csv, parquet };
}

/** (a) raw DuckDB, into a fresh database file. */
async function rawCtas(dir: string, file: string, reader: 'read_csv' | 'read_parquet'): Promise<Measure> {
  const dbPath = path.join(dir, `raw_${path.basename(file)}.duckdb`);
  const instance = await DuckDBInstance.create(dbPath);
  const c = await instance.connect();
  try {
    const started = performance.now();
    await c.run(`CREATE TABLE t AS SELECT * FROM ${reader}('${sql(file)}')`);
    const ms = performance.now() - started;
    const rows = Number((await c.runAndReadAll('SELECT count(*) FROM t')).getRowsJS()[0]![0]);
    return { ms, rows };
  } finally {
    c.closeSync();
    instance.closeSync();
    fs.rmSync(dbPath, { force: true });
    fs.rmSync(`${dbPath}.wal`, { force: true });
  }
}

async function startServer(dataDir: string, configDir: string): Promise<{ port: number; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'ingest-upload-server.ts'), dataDir, configDir], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const forget = onCleanup(`kill bench server ${child.pid}`, () => child.kill('SIGKILL'));
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`bench server ${child.pid} exited unexpectedly (code ${code}, signal ${signal})`);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      stopping = true;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      forget();
    },
  };
}

function post(port: number, url: string, body: Buffer | (() => NodeJS.ReadableStream), headers: Record<string, string | number>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a kept-alive socket the server closes while idle (5 s) would reset the next request.
    const req = http.request({ host: '127.0.0.1', port, path: url, method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else body().pipe(req);
  });
}

const postJson = async (port: number, url: string, value: unknown) => {
  const res = await post(port, url, Buffer.from(JSON.stringify(value)), { 'content-type': 'application/json' });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as Record<string, unknown>;
};

/** The same multipart body sent to a server endpoint that only pipes it to a file: receiving without any parsing. */
async function barePipe(port: number, file: string): Promise<number> {
  const body = multipartBody(file, 'bare_pipe');
  const res = await post(port, '/bench/bare-pipe', body.stream, { 'content-type': 'application/octet-stream', 'content-length': body.length });
  if (res.status !== 200) throw new Error(`bare pipe: ${res.status} ${res.body.slice(0, 300)}`);
  return Number((JSON.parse(res.body) as { ms: number }).ms);
}

function multipartBody(file: string, tableAlias: string): { length: number; boundary: string; stream: () => NodeJS.ReadableStream } {
  const boundary = '----duckquery-bench';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="table_alias"\r\n\r\n${tableAlias}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="if_exists"\r\n\r\nreplace\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    boundary,
    length: head.length + fs.statSync(file).size + tail.length,
    stream: () => {
      const out = new PassThrough();
      out.write(head);
      const source = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
      source.on('end', () => out.end(tail));
      source.pipe(out, { end: false });
      return out;
    },
  };
}

/** (b) the whole upload: the file streamed as multipart over HTTP, until the route answers. */
async function upload(port: number, file: string, tableAlias: string): Promise<Measure> {
  const body = multipartBody(file, tableAlias);
  const started = performance.now();
  const res = await post(port, '/api/upload', body.stream, { 'content-type': `multipart/form-data; boundary=${body.boundary}`, 'content-length': body.length });
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`upload: ${res.status} ${res.body.slice(0, 300)}`);
  const answer = JSON.parse(res.body) as { row_count: number; file_id: string };
  const phases = (await postJson(port, '/bench/phases', {})) as { receiveMs?: number; afterMs?: number } | null;
  await postJson(port, '/bench/settle', { table: answer.file_id });
  const receiveMs = phases?.receiveMs;
  console.error(`  upload ${path.basename(file)}: ${fmt(ms / 1000, 2)} s, of which receiving ${fmt((receiveMs ?? NaN) / 1000, 2)} s, then import ${fmt((phases?.afterMs ?? NaN) / 1000, 2)} s`);
  return { ms, rows: answer.row_count, receiveMs };
}

async function measureSize(rows: number): Promise<SizeResult> {
  const { dir, remove } = makeTempDir('ingest-upload');
  try {
    const dataDir = path.join(dir, 'data');
    const configDir = path.join(dir, 'config');
    const sources = path.join(dataDir, 'uploads', 'bench-src'); // inside uploads/: DuckQuery's engine may read it
    fs.mkdirSync(sources, { recursive: true });
    fs.mkdirSync(configDir, { recursive: true });
    console.error(`… generating ${rows.toLocaleString('en')} rows`);
    const files = await generate(sources, rows);
    const server = await startServer(dataDir, configDir);
    try {
      const step = async (file: string, name: string) => {
        const r = await postJson(server.port, '/bench/import-step', { path: file, name });
        return { ms: Number(r.ms), rows: Number(r.rows) };
      };
      const runs = { raw: { csv: [] as Measure[], parquet: [] as Measure[] }, importStep: { csv: [] as Measure[], parquet: [] as Measure[] }, upload: { csv: [] as Measure[], parquet: [] as Measure[] } };
      const barePipes: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        console.error(`… ${rows.toLocaleString('en')} rows, round ${round}/${ROUNDS}`);
        runs.raw.csv.push(await rawCtas(dir, files.csv, 'read_csv'));
        runs.importStep.csv.push(await step(files.csv, 'step_csv.csv'));
        console.error(`  raw CSV ${fmt(runs.raw.csv.at(-1)!.ms / 1000, 2)} s, import step ${fmt(runs.importStep.csv.at(-1)!.ms / 1000, 2)} s`);
        barePipes.push(await barePipe(server.port, files.csv));
        console.error(`  bare pipe (CSV body piped to a file): ${fmt(barePipes.at(-1)! / 1000, 2)} s`);
        runs.upload.csv.push(await upload(server.port, files.csv, 'up_csv'));
        runs.raw.parquet.push(await rawCtas(dir, files.parquet, 'read_parquet'));
        runs.importStep.parquet.push(await step(files.parquet, 'step_parquet.parquet'));
        runs.upload.parquet.push(await upload(server.port, files.parquet, 'up_parquet'));
      }
      const med = (list: Measure[]) => ({
        ms: midpointMedian(list.map((m) => m.ms)),
        rows: list[0]!.rows,
        receiveMs: list.every((m) => m.receiveMs !== undefined) ? midpointMedian(list.map((m) => m.receiveMs!)) : undefined,
      });
      const pair = (r: { csv: Measure[]; parquet: Measure[] }) => ({ csv: med(r.csv), parquet: med(r.parquet) });
      const serverPeakRssMb = peakRssMb(server.pid);
      const serverPeakJsMb = Number((await postJson(server.port, '/bench/memory', {})).peakJsMb);
      return {
        rows,
        csvBytes: fs.statSync(files.csv).size,
        parquetBytes: fs.statSync(files.parquet).size,
        raw: pair(runs.raw),
        importStep: pair(runs.importStep),
        upload: pair(runs.upload),
        serverPeakRssMb,
        serverPeakJsMb,
        barePipeCsvMs: midpointMedian(barePipes),
      };
    } finally {
      await server.stop();
    }
  } finally {
    remove();
  }
}

export async function ingestUploadBench(): Promise<IngestUploadResult> {
  const sizes: SizeResult[] = [];
  const quarter = process.env.DQ_BENCH_INGEST_QUARTER === '0' ? [] : [Math.max(1000, Math.round(FULL_ROWS / 4))];
  for (const rows of [...quarter, FULL_ROWS]) sizes.push(await measureSize(rows));
  return { sizes };
}

export function ingestUploadTable(result: IngestUploadResult | { error: string }): string {
  if ('error' in result) return `Not measured: ${result.error}`;
  const rowsOut: string[][] = [];
  for (const s of result.sizes) {
    for (const kind of ['csv', 'parquet'] as const) {
      const bytes = kind === 'csv' ? s.csvBytes : s.parquetBytes;
      const mbps = (m: Measure) => bytes / 1e6 / (m.ms / 1000);
      const rps = (m: Measure) => m.rows / (m.ms / 1000);
      const raw = s.raw[kind];
      const step = s.importStep[kind];
      const up = s.upload[kind];
      const same = raw.rows === step.rows && raw.rows === up.rows && raw.rows === s.rows ? '' : ' (row counts differ!)';
      rowsOut.push([
        `${s.rows.toLocaleString('en')} rows, ${kind.toUpperCase()} ${fmt(bytes / 1e6, 0)} MB${same}`,
        `${fmt(raw.ms / 1000, 2)} s · ${fmt(mbps(raw), 0)} MB/s · ${fmt(rps(raw) / 1e6, 2)} M rows/s`,
        `${fmt(step.ms / 1000, 2)} s · ${fmt(mbps(step), 0)} MB/s`,
        `${fmt(up.ms / 1000, 2)} s · ${fmt(mbps(up), 0)} MB/s · ${fmt(rps(up) / 1e6, 2)} M rows/s`,
        fmt(raw.ms / step.ms, 2),
        fmt(raw.ms / up.ms, 2),
        `${fmt((up.receiveMs ?? NaN) / 1000, 2)} s + ${fmt((up.ms - (up.receiveMs ?? NaN)) / 1000, 2)} s` + (kind === 'csv' ? ` (bare pipe ${fmt(s.barePipeCsvMs / 1000, 2)} s)` : ''),
        kind === 'csv' ? `${fmt(s.serverPeakRssMb, 0)} MB (JS ${fmt(s.serverPeakJsMb, 0)} MB)` : '″',
      ]);
    }
  }
  return [
    table(['file', '(a) raw DuckDB CTAS', 'DuckQuery import step', '(b) DuckQuery upload, end to end', 'import speed ÷ raw (goal ≥ 0.9)', 'upload speed ÷ raw (goal ≥ 0.75)', 'upload = receiving + the rest (receiving by a bare pipe)', 'server peak RSS (JS heap + buffers)'], rowsOut),
    '',
    `Each figure is the median of ${ROUNDS} interleaved rounds (raw, import step, upload, then the Parquet three; DQ_BENCH_INGEST_ROUNDS). ` +
      'Speeds are ratios of throughput (raw time ÷ DuckQuery time; 1.0 = as fast as raw DuckDB). (a) is a fresh DuckDB database file; the import step is `ingestStoredFile` on the same file (type check, sniff, CTAS into a staging table, swap-in with ' +
      'its metadata and audit rows in one transaction); (b) is multipart over loopback HTTP into the real `POST /api/upload` handler ' +
      '(a node:http server in its own process: streamed to disk, then the import step, then the 10-row preview). The column profile ' +
      'runs after the answer and is waited for before the next measurement. Peak RSS is the server process\'s VmHWM after both files of ' +
      'that size (it includes DuckDB\'s buffer pool, which caches table blocks up to its memory limit by design); the JS figure is ' +
      'the peak of heap + external buffers sampled every 20 ms: the streamed upload keeps it flat as the file grows. The machine ' +
      'is shared (see the load average in the header): compare the columns of one row, measured back to back, not runs. ' +
      '"Receiving" is the time until the upload\'s progress left its receiving phase (the body streamed to disk); "the rest" is the ' +
      'import step and the preview on that fresh file; the bare pipe is the same CSV body sent to the same server process, which only ' +
      'pipes it to a file (`req.pipe(fs.createWriteStream)`, Node\'s default 16 KiB writes): receiving without any parsing. Both swing ' +
      'with what ran before: on this VM, page cache in memory the kernel has not used for some seconds costs ~2.5 s per GB to fill ' +
      '(an 800 MB `dd` into a new file: 2.5–2.9 s; right after deleting one of that size: 0.2 s).',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  ingestUploadBench()
    .then((result) => {
      const loadAtEnd = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
      const markdown = `# Ingestion bench\n\n${runHeader(startedAt, loadAtStart)}\n- load average at the end: ${loadAtEnd}\n\n${ingestUploadTable(result)}\n`;
      console.log(markdown);
      const out = path.join(import.meta.dirname, 'results', 'ingest-upload.md');
      // The hand-written analysis below the figures (from "## Analysis" on) is kept across runs.
      const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
      const analysis = previous.includes('\n## Analysis') ? previous.slice(previous.indexOf('\n## Analysis')) : '';
      fs.writeFileSync(out, markdown + analysis);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(runCleanups);
}
