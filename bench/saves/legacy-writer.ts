/**
 * One legacy writer process (argv: file, writer index, saves). Each save does what the Python
 * app did: read and parse the whole JSON array, fall back to an empty list when it does not
 * parse, append, and write the file back in place (truncate + write: no lock, no temp file).
 */
import fs from 'node:fs';
import { legacyJson, saveRecord } from '../lib/file-source-record';
import { workerMain } from '../lib/workers';

export interface LegacyWriterResult {
  latenciesMs: number[];
  /** Reads that did not parse (a torn or half-written file), taken as an empty list. */
  corruptReads: number;
}

const [file, writer, saves] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];

function readEntries(): { entries: unknown[]; corrupt: boolean } {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Array.isArray(value) ? { entries: value, corrupt: false } : { entries: [], corrupt: true };
  } catch {
    return { entries: [], corrupt: true };
  }
}

void workerMain(
  () => Array.from({ length: saves }, (_, i) => saveRecord(`bench_w${writer}_${String(i).padStart(5, '0')}`)),
  (records): LegacyWriterResult => {
    const latenciesMs: number[] = [];
    let corruptReads = 0;
    for (const record of records) {
      const start = performance.now();
      const { entries, corrupt } = readEntries();
      if (corrupt) corruptReads++;
      entries.push(record);
      fs.writeFileSync(file, legacyJson(entries)); // flag 'w': O_TRUNC in place, as open(path, 'w') did
      latenciesMs.push(performance.now() - start);
    }
    return { latenciesMs, corruptReads };
  },
);
