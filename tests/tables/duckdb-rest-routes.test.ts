import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tablesRoute from '@/app/api/duckdb/tables/route';
import * as tableRoute from '@/app/api/duckdb/tables/[table]/route';
import * as detailRoute from '@/app/api/duckdb/tables/detail/[table]/route';
import * as refreshRoute from '@/app/api/duckdb/table/[table]/refresh/route';
import * as executeRoute from '@/app/api/duckdb/execute/route';
import * as featuresRoute from '@/app/api/app-config/features/route';
import { expectLegacyError, ISO_8601, jsonRequest, read, useTempAppEnv, validationProblems } from '../helpers/rest-env';

const env = useTempAppEnv('duckquery-duckdb-rest-');
afterAll(() => env.cleanup());

const table = (name: string) => ({ params: Promise.resolve({ table: name }) });
const execute = (body: unknown) => read(executeRoute.POST(jsonRequest('POST', '/api/duckdb/execute', body)));

const EXECUTE_KEYS = ['available_tables', 'columns', 'data', 'execution_time_ms', 'message', 'row_count', 'saved_table', 'sql_executed', 'success'];
const COLUMN_KEYS = ['avg_value', 'column_name', 'data_type', 'distinct_count', 'max_value', 'min_value', 'null_count', 'sample_values'];

beforeAll(async () => {
  const res = await execute({ sql: `CREATE TABLE orders AS SELECT range AS id, 'c' || (range % 3) AS customer, (range * 0.5)::DECIMAL(10,2) AS amount FROM range(30000)` });
  expect(res.status).toBe(200);
});

describe('legacy /api/duckdb shims', () => {
  it('POST /api/duckdb/execute answers the legacy shape, rows as objects', async () => {
    const res = await execute({ sql: 'SELECT id, customer, amount, 9007199254740993::BIGINT AS big FROM orders ORDER BY id LIMIT 2', is_preview: true });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(EXECUTE_KEYS);
    expect(res.body).toMatchObject({
      success: true,
      columns: ['id', 'customer', 'amount', 'big'],
      data: [
        { id: 0, customer: 'c0', amount: '0.00', big: '9007199254740993' },
        { id: 1, customer: 'c1', amount: '0.50', big: '9007199254740993' },
      ],
      row_count: 2,
      saved_table: null,
      sql_executed: 'SELECT id, customer, amount, 9007199254740993::BIGINT AS big FROM orders ORDER BY id LIMIT 2',
      available_tables: ['orders'],
    });
    expect(typeof res.body.execution_time_ms).toBe('number');
  });

  it('keeps the legacy LIMIT rule: max_query_rows without a LIMIT of its own, the query’s LIMIT with one', async () => {
    const capped = await execute({ sql: 'SELECT * FROM orders', is_preview: false });
    expect(capped.body.row_count).toBe(10_000);
    expect(capped.body.message).toMatch(/first 10000 rows/);
    const own = await execute({ sql: 'SELECT * FROM orders LIMIT 15000' });
    expect(own.body.row_count).toBe(15_000);
    const setOp = await execute({ sql: 'SELECT id FROM orders UNION ALL SELECT id FROM orders LIMIT 12000' });
    expect(setOp.body.row_count).toBe(12_000);
  });

  it('saves a result with save_as_table: the table, its file-source row, and the answer names it', async () => {
    const res = await execute({ sql: 'SELECT customer, sum(amount) AS total FROM orders GROUP BY customer', save_as_table: 'totals', is_preview: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ saved_table: 'totals', row_count: 3 });
    expect(res.body.available_tables).toEqual(expect.arrayContaining(['orders', 'totals']));
    expectLegacyError(await execute({ sql: 'SELECT 1', save_as_table: 'totals' }), 400, 'CONFLICT');
  });

  it('answers refused statements 403, SQL mistakes 400, bad bodies 422, in the legacy error shape', async () => {
    const refused = await execute({ sql: 'SELECT 1; DROP TABLE system_audit_log' });
    expectLegacyError(refused, 403, 'FORBIDDEN');
    expect(refused.body.detail).toMatch(/statement 2 of 2.*system_audit_log/);
    expectLegacyError(await execute({ sql: `SELECT * FROM read_csv('/etc/passwd')` }), 403, 'FORBIDDEN');
    expectLegacyError(await execute({ sql: 'SELEC 1' }), 400, 'BAD_REQUEST');
    expect(validationProblems(await execute({ is_preview: true }))).toEqual([['body.sql', 'missing']]);
    expect(validationProblems(await execute({ sql: 'SELECT 1', save_as_table: '' }))).toEqual([['body.save_as_table', 'too_small']]);
    expect((await execute({ sql: 'SELECT 1 AS one', save_as_table: null, is_preview: null })).status).toBe(200);
  });

  it('GET /api/duckdb/tables lists user tables, newest first, system tables hidden', async () => {
    const res = await read(tablesRoute.GET(jsonRequest('GET', '/api/duckdb/tables')));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['count', 'success', 'tables']);
    expect(res.body.tables[0]).toEqual({ table_name: 'totals', column_count: 2, row_count: 3, created_at: expect.stringMatching(ISO_8601) });
    expect(res.body.tables).toContainEqual({ table_name: 'orders', column_count: 3, row_count: 30000, created_at: null });
    expect(res.body.count).toBe(res.body.tables.length);
    expect(res.body.tables.some((t: { table_name: string }) => t.table_name.startsWith('system_'))).toBe(false);
  });

  it('GET /api/duckdb/tables/detail/{t} and POST /api/duckdb/table/{t}/refresh answer the column statistics', async () => {
    for (const res of [
      await read(detailRoute.GET(jsonRequest('GET', '/api/duckdb/tables/detail/orders'), table('orders'))),
      await read(refreshRoute.POST(jsonRequest('POST', '/api/duckdb/table/orders/refresh'), table('orders'))),
    ]) {
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['success', 'table']);
      expect(Object.keys(res.body.table).sort()).toEqual(['column_count', 'columns', 'row_count', 'table_name']);
      expect(res.body.table).toMatchObject({ table_name: 'orders', row_count: 30000, column_count: 3 });
      for (const column of res.body.table.columns) expect(Object.keys(column).sort()).toEqual(COLUMN_KEYS);
      expect(res.body.table.columns[1]).toMatchObject({ column_name: 'customer', data_type: 'VARCHAR', null_count: 0, min_value: 'c0', max_value: 'c2', avg_value: null });
    }
    expectLegacyError(await read(detailRoute.GET(jsonRequest('GET', '/x'), table('missing'))), 404, 'NOT_FOUND');
    expectLegacyError(await read(detailRoute.GET(jsonRequest('GET', '/x'), table('system_datasources'))), 404, 'NOT_FOUND');
  });

  it('DELETE /api/duckdb/tables/{t} drops the table and its file-source entry; 404 after; 403 for a system table', async () => {
    const res = await read(tableRoute.DELETE(jsonRequest('DELETE', '/api/duckdb/tables/totals'), table('totals')));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "Table 'totals' deleted", table_name: 'totals' });
    const left = await execute({ sql: `SELECT count(*) AS n FROM system_file_sources WHERE source_id = 'totals'` });
    expect(left.body.data).toEqual([{ n: 0 }]);
    expectLegacyError(await read(tableRoute.DELETE(jsonRequest('DELETE', '/x'), table('totals'))), 404, 'NOT_FOUND');
    expectLegacyError(await read(tableRoute.DELETE(jsonRequest('DELETE', '/x'), table('system_audit_log'))), 403, 'FORBIDDEN');
  });

  it('GET /api/app-config/features answers the three legacy keys', async () => {
    const res = await read(featuresRoute.GET(jsonRequest('GET', '/api/app-config/features')));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ enable_pivot_tables: false, pivot_table_extension: null, max_query_rows: 10000 });
  });
});
