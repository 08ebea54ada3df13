import { quotedIdentifier } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestApp } from '../helpers/test-app';
import { freshModuleCopy } from '../helpers/fresh-module-copy';

const freshCopy = () => freshModuleCopy(() => import('@/server/ingest/land-table'));

let t: Awaited<ReturnType<typeof openTestApp>>;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await (await import('@/server/ingest/profile-table')).allProfilesSettled();
  t.close();
});

it("one route's first import does not take another route's running import for a crash's leftovers", async () => {
  const uploadRoute = await freshCopy();
  const pasteRoute = await freshCopy();
  let staged!: () => void;
  const stagingBuilt = new Promise<void>((resolve) => (staged = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const input = (tableName: string, wait: boolean) => ({
    tableName,
    ifExists: 'fail' as const,
    build: async (connection: import('@duckdb/node-api').DuckDBConnection, staging: string) => {
      await connection.run(`CREATE TABLE ${quotedIdentifier(staging)} AS SELECT range AS id FROM range(5)`);
      if (wait) {
        staged();
        await released;
      }
    },
    source: { filename: `${tableName}.csv`, file_path: null, file_type: 'csv' },
    actor: 'tester',
  });

  const slow = uploadRoute.landTable(t.app, input('uploaded', true));
  await stagingBuilt; // its staging table exists and is still being filled
  await pasteRoute.landTable(t.app, input('pasted', false)); // this copy's first landing cleans up
  release();

  await expect(slow).resolves.toMatchObject({ source_id: 'uploaded', row_count: 5 });
});
