import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bandPage } from '@/server/db/band-page';
import { orderBy } from '@/server/db/list-page';
import { createDuckdbFileSourcesStore } from '@/server/file-sources/duckdb-file-sources-store';
import { openTestDatabase } from '../helpers/test-database';

const ROWS = 9_000;
type Sort = { column: 'created_at' | 'updated_at' | 'filename' | 'source_id'; direction: 'asc' | 'desc' };

/**
 * Pages found through a quantile band must be exactly the pages a full sort gives: ties on the
 * sort key (runs of 7 equal created_at; 60 equal filenames), both directions, with a filter, at
 * the edges and deep inside.
 */
describe('band pages of a large list', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    db = await openTestDatabase();
    connection = await db.database.instance.connect();
    await connection.run(
      `INSERT INTO system_file_sources (source_id, filename, file_type, created_at, updated_at)
       SELECT 'src_' || lpad((range * 7919 % $rows)::VARCHAR, 5, '0'),
         CASE WHEN range % 150 = 0 THEN 'same.csv' ELSE 'file_' || (range % 997) || '.csv' END,
         CASE WHEN range % 3 = 0 THEN 'parquet' ELSE 'csv' END,
         TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds(range // 7),
         TIMESTAMPTZ '2026-01-01 00:00:00+00' - to_seconds(range)
       FROM range($rows)`,
      { rows: ROWS },
    );
  });
  afterAll(() => {
    connection.closeSync();
    db.close();
  });

  async function fullSort(sort: Sort, offset: number, limit: number, where = ''): Promise<string[]> {
    const reader = await connection.runAndReadAll(
      `SELECT source_id FROM system_file_sources ${where} ORDER BY ${orderBy(sort.column, sort.direction, 'source_id')} LIMIT ${limit} OFFSET ${offset}`,
    );
    return reader.getRowsJS().map((row) => String(row[0]));
  }

  async function banded(sort: Sort, offset: number, limit: number, where = '', total = ROWS) {
    const rows = await bandPage(connection, {
      from: 'system_file_sources',
      columns: 'source_id',
      where,
      params: {},
      key: sort,
      orderBy: orderBy(sort.column, sort.direction, 'source_id'),
      limit,
      offset,
      total,
    });
    return rows?.map((row) => String(row.source_id)) ?? null;
  }

  const sorts: Sort[] = [
    { column: 'created_at', direction: 'desc' },
    { column: 'created_at', direction: 'asc' },
    { column: 'updated_at', direction: 'desc' },
    { column: 'source_id', direction: 'asc' },
  ];
  const offsets = [0, 1, 6, 7, 49, 50, 4_499, 4_500, 8_950, 8_990, 8_999];

  it.each(sorts)('by $column $direction: the same pages as a full sort, edges and ties included', async (sort) => {
    for (const offset of offsets) {
      const page = await banded(sort, offset, 50);
      expect(page, `offset ${offset}`).toEqual(await fullSort(sort, offset, 50));
    }
  });

  it('with a filter: the band is taken among the matching rows', async () => {
    const where = "WHERE file_type = 'csv'";
    const total = Number((await connection.runAndReadAll(`SELECT count(*) FROM system_file_sources ${where}`)).getRowsJS()[0]![0]);
    expect(total).toBe(6_000);
    const sort: Sort = { column: 'created_at', direction: 'desc' };
    for (const offset of [0, 33, 1_234, 5_960]) expect(await banded(sort, offset, 40, where, total)).toEqual(await fullSort(sort, offset, 40, where));
  });

  it('declines (null) what it cannot do cheaply, so the caller sorts instead', async () => {
    expect(await banded({ column: 'created_at', direction: 'desc' }, 0, 50, '', 4_999)).toBeNull(); // a small list
    expect(await banded({ column: 'created_at', direction: 'desc' }, ROWS, 50)).toBeNull(); // past the end
    // 60 rows named same.csv: a page of 5 inside that run would need a band of 12 pages.
    const sort: Sort = { column: 'filename', direction: 'asc' };
    const first = Number((await connection.runAndReadAll(`SELECT count(*) FROM system_file_sources WHERE filename < 'same.csv'`)).getRowsJS()[0]![0]);
    expect(await banded(sort, first + 10, 5)).toBeNull();
  });

  it('the store lists through it with the same result as a full sort', async () => {
    const store = createDuckdbFileSourcesStore(db.database);
    const page = await store.list({ limit: 50, offset: 4_321, includeProfiles: false, sortBy: 'created_at', sortDirection: 'desc' });
    expect(page.total).toBe(ROWS);
    expect(page.items.map((item) => item.source_id)).toEqual(await fullSort({ column: 'created_at', direction: 'desc' }, 4_321, 50));
  });
});
