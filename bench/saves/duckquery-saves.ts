import path from 'node:path';
import { percentile } from '../lib/stats';
import { makeTempDir } from '../lib/temp-dir';
import { runWorkers } from '../lib/workers';
import { startBenchServer, type BuildInfo } from '../server/duckquery-server';
import { trpcClient } from '../server/trpc-client';
import type { DuckqueryWriterResult } from './duckquery-writer';
import type { SavesResult } from './saves-result';

/**
 * DuckQuery: the built server on fresh dirs, `writers` client processes (one per writer, so
 * client-side JSON work never competes with the server's event loop) each saving in sequence.
 */
export async function duckquerySaves(writers: number, savesPerWriter: number): Promise<SavesResult & { firstError: string | null; build: BuildInfo }> {
  const temp = makeTempDir('duckquery-saves');
  const server = await startBenchServer({ dataDir: path.join(temp.dir, 'data'), configDir: path.join(temp.dir, 'config') });
  try {
    const { results, wallMs } = await runWorkers<DuckqueryWriterResult>(
      path.join(import.meta.dirname, 'duckquery-writer.ts'),
      writers,
      (i) => [server.baseUrl, String(i), String(savesPerWriter)],
    );
    const expected = writers * savesPerWriter;
    const { total } = await trpcClient(server.baseUrl).fileSources.list.query({ limit: 1 });
    const latencies = results.flatMap((r) => r.latenciesMs);
    return {
      saves: expected,
      failedSaves: results.reduce((n, r) => n + r.failures, 0),
      lost: expected - total,
      finalFileCorrupt: null,
      corruptReads: null,
      wallMs,
      savesPerSecond: expected / (wallMs / 1000),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      peakRssMb: server.peakRssMb(),
      firstError: results.find((r) => r.firstError)?.firstError ?? null,
      build: server.build,
    };
  } finally {
    await server.stop();
    temp.remove();
  }
}
