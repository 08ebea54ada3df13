import fs from 'node:fs';
import path from 'node:path';
import { percentile } from '../lib/stats';
import { makeTempDir } from '../lib/temp-dir';
import { runWorkers } from '../lib/workers';
import type { LegacyWriterResult } from './legacy-writer';
import type { SavesResult } from './saves-result';

/** The legacy way: `writers` processes saving into one JSON file, read-modify-write, no lock. */
export async function legacySaves(writers: number, savesPerWriter: number): Promise<SavesResult> {
  const temp = makeTempDir('legacy-saves');
  try {
    const file = path.join(temp.dir, 'file-datasources.json');
    fs.writeFileSync(file, '[]');
    const { results, wallMs } = await runWorkers<LegacyWriterResult>(
      path.join(import.meta.dirname, 'legacy-writer.ts'),
      writers,
      (i) => [file, String(i), String(savesPerWriter)],
    );
    const expected = writers * savesPerWriter;
    const final = finalIds(file);
    const latencies = results.flatMap((r) => r.latenciesMs);
    return {
      saves: expected,
      failedSaves: 0,
      lost: final ? expected - final.size : expected,
      finalFileCorrupt: final === null,
      corruptReads: results.reduce((n, r) => n + r.corruptReads, 0),
      wallMs,
      savesPerSecond: expected / (wallMs / 1000),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      peakRssMb: null,
    };
  } finally {
    temp.remove();
  }
}

/** The distinct source_ids in the final file, or null when it does not parse. */
function finalIds(file: string): Set<string> | null {
  try {
    const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as { source_id?: unknown }[];
    if (!Array.isArray(entries)) return null;
    return new Set(entries.map((e) => String(e?.source_id)));
  } catch {
    return null;
  }
}
