import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as connections from '@/app/api/database_connections/route';
import * as details from '@/app/api/database_table_details/[connection_id]/[table]/route';
import * as tables from '@/app/api/database_tables/[connection_id]/route';
import * as executeSql from '@/app/api/execute_sql/route';
import { expectLegacyError, jsonRequest, read, useTempAppEnv, validationProblems } from '../helpers/rest-env';
import { PG, pgAdmin, setUpOrFailEach, uniquePrefix } from './servers';

const env = useTempAppEnv();
const schema = uniquePrefix('dq_rest').toLowerCase();
let admin: pg.Client;
const seen: string[] = [];
async function call(response: Promise<Response>) {
  const result = await read(response);
  seen.push(result.text);
  return result;
}

setUpOrFailEach(async () => {
  admin = await pgAdmin();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`CREATE TABLE ${schema}.orders (id bigint PRIMARY KEY, amount numeric(10,2) NOT NULL, placed timestamptz, tags text[])`);
  await admin.query(`INSERT INTO ${schema}.orders VALUES (1, 19.90, '2025-01-01 08:00:00+00', '{a,b}'), (2, 5.00, NULL, NULL)`);
  await admin.query(`CREATE TABLE public.${schema}_elsewhere (x int)`);
  const created = await call(connections.POST(jsonRequest('POST', '/api/database_connections', { id: 'pg', name: 'Orders PG', type: 'postgresql', params: { ...PG, schema } })));
  expect(created.body.connection.status).toBe('active');
});
afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.query(`DROP TABLE IF EXISTS public.${schema}_elsewhere`);
  await admin?.end();
  await env.cleanup();
});

const conn = (connection_id: string) => ({ params: Promise.resolve({ connection_id }) });
const tableOf = (connection_id: string, table: string) => ({ params: Promise.resolve({ connection_id, table }) });

describe('legacy browse and execute_sql shims on a real PostgreSQL', () => {
  it('GET /api/database_tables/{id}: the connection schema\'s tables bare, others as schema.table', async () => {
    const res = await call(tables.GET(jsonRequest('GET', '/api/database_tables/pg'), conn('pg')));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['connection_id', 'connection_name', 'database', 'success', 'table_count', 'tables']);
    expect(res.body).toMatchObject({ success: true, connection_id: 'pg', connection_name: 'Orders PG', database: PG.database });
    expect(res.body.tables).toContain('orders');
    expect(res.body.tables).toContain(`public.${schema}_elsewhere`);
    expect(res.body.table_count).toBe(res.body.tables.length);
    expectLegacyError(await call(tables.GET(jsonRequest('GET', '/x'), conn('nope'))), 404, 'NOT_FOUND');
  });

  it('GET /api/database_table_details/{id}/{table}: columns, counts and sample rows as JSON', async () => {
    const res = await call(details.GET(jsonRequest('GET', '/api/database_table_details/pg/orders'), tableOf('pg', 'orders')));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, table_name: 'orders', column_count: 4, row_count: 2 });
    expect(res.body.columns).toEqual([
      { name: 'id', type: 'bigint', duckdb_type: 'BIGINT', nullable: false },
      { name: 'amount', type: 'numeric(10,2)', duckdb_type: 'DECIMAL(10,2)', nullable: false },
      { name: 'placed', type: 'timestamp with time zone', duckdb_type: 'TIMESTAMPTZ', nullable: true },
      { name: 'tags', type: 'text[]', duckdb_type: 'VARCHAR[]', nullable: true },
    ]);
    expect(res.body.sample_data).toEqual([
      { id: 1, amount: '19.90', placed: '2025-01-01T08:00:00Z', tags: ['a', 'b'] },
      { id: 2, amount: '5.00', placed: null, tags: null },
    ]);
    const other = await call(details.GET(jsonRequest('GET', '/x'), tableOf('pg', `public.${schema}_elsewhere`)));
    expect(other.body).toMatchObject({ success: true, column_count: 1, row_count: 0 });
    expectLegacyError(await call(details.GET(jsonRequest('GET', '/x'), tableOf('pg', 'missing'))), 404, 'NOT_FOUND');
  });

  it('POST /api/execute_sql on a saved connection: legacy shape, read-only', async () => {
    const body = { sql: 'SELECT id, amount FROM orders ORDER BY id', datasource: { id: 'pg', type: 'postgresql' }, is_preview: true };
    const res = await call(executeSql.POST(jsonRequest('POST', '/api/execute_sql', body)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: [{ id: 1, amount: '19.90' }, { id: 2, amount: '5.00' }],
      columns: ['id', 'amount'],
      rowCount: 2,
      source_type: 'postgresql',
      source_id: 'pg',
      sql_query: body.sql,
      can_save_to_duckdb: true,
      truncated: false,
    });
    const write = await call(executeSql.POST(jsonRequest('POST', '/x', { ...body, sql: 'DELETE FROM orders' })));
    expectLegacyError(write, 403, 'FORBIDDEN');
    expect(write.body.detail).toMatch(/read-only/);
    expect(Number((await admin.query(`SELECT count(*) AS n FROM ${schema}.orders`)).rows[0].n)).toBe(2);
  });

  it('POST /api/execute_sql with the local DuckDB goes through the guarded query service', async () => {
    const res = await call(executeSql.POST(jsonRequest('POST', '/x', { sql: 'SELECT 42 AS answer', datasource: { type: 'duckdb' } })));
    expect(res.body).toMatchObject({ success: true, data: [{ answer: 42 }], columns: ['answer'], source_type: 'duckdb' });
    const refused = await call(executeSql.POST(jsonRequest('POST', '/x', { sql: 'DROP TABLE system_datasources', datasource: { type: 'duckdb' } })));
    expectLegacyError(refused, 403, 'FORBIDDEN');
  });

  it('POST /api/execute_sql: 404 for an unknown saved connection, 400 for bad SQL, 422 without sql', async () => {
    expectLegacyError(await call(executeSql.POST(jsonRequest('POST', '/x', { sql: 'SELECT 1', datasource: { id: 'nope', type: 'mysql' } }))), 404, 'NOT_FOUND');
    const bad = await call(executeSql.POST(jsonRequest('POST', '/x', { sql: 'SELEC nonsense', datasource: { id: 'pg' } })));
    expectLegacyError(bad, 400, 'BAD_REQUEST');
    expect(bad.body.detail).toMatch(/syntax error/);
    expect(validationProblems(await call(executeSql.POST(jsonRequest('POST', '/x', { datasource: { id: 'pg' } }))))).toEqual([['body.sql', 'missing']]);
  });

  it('never answered the password', () => {
    for (const text of seen) expect(text).not.toContain(PG.password);
  });
});
