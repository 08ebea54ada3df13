/**
 * One DuckQuery client process (argv: base URL, writer index, saves): sequential
 * `fileSources.upsert` mutations over HTTP, each timed from call to response.
 */
import { saveRecord } from '../lib/file-source-record';
import { workerMain } from '../lib/workers';
import { trpcClient } from '../server/trpc-client';

export interface DuckqueryWriterResult {
  latenciesMs: number[];
  failures: number;
  firstError: string | null;
}

const [baseUrl, writer, saves] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];

void workerMain(
  () => ({
    client: trpcClient(baseUrl),
    records: Array.from({ length: saves }, (_, i) => saveRecord(`bench_w${writer}_${String(i).padStart(5, '0')}`)),
  }),
  async ({ client, records }): Promise<DuckqueryWriterResult> => {
    const latenciesMs: number[] = [];
    let failures = 0;
    let firstError: string | null = null;
    for (const { source_id, filename, file_path, file_type, row_count, column_count, columns, column_profiles, schema_version, ...extra } of records) {
      const start = performance.now();
      try {
        await client.fileSources.upsert.mutate({ source_id, filename, file_path, file_type, row_count, column_count, columns, column_profiles, schema_version, extra });
      } catch (error) {
        failures++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      latenciesMs.push(performance.now() - start);
    }
    return { latenciesMs, failures, firstError };
  },
);
