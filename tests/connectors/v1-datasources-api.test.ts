import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as openapi from '@/app/api/v1/openapi.json/route';
import * as collection from '@/app/api/v1/datasources/route';
import * as byId from '@/app/api/v1/datasources/[id]/route';
import * as validate from '@/app/api/v1/datasources/[id]/validate/route';
import * as importRoute from '@/app/api/v1/datasources/[id]/import/route';
import { getProgress } from '@/server/progress/progress-registry';
import * as types from '@/app/api/v1/datasources/types/route';
import { expectLegacyError, idParams, jsonRequest, read, useTempAppEnv, validationProblems } from '../helpers/rest-env';
import { PG, pgAdmin, setUpOrFailEach } from './servers';

const env = useTempAppEnv();
setUpOrFailEach(async () => {
  await (await pgAdmin()).end(); // fails with how to start the test servers when PostgreSQL is down
});
afterAll(() => env.cleanup());

const doc = openapi.GET(jsonRequest('GET', '/api/v1/openapi.json')).then((res) => res.json()) as Promise<Record<string, any>>;
/** A response body checked against the OpenAPI document's own schema for it (JSON Schema → zod). */
async function expectMatchesSchema(body: unknown, name: string) {
  const components = (await doc).components.schemas as Record<string, object>;
  const validator = z.fromJSONSchema(components[name] as never);
  const result = validator.safeParse(body);
  expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
}

const create = (body: unknown) => read(collection.POST(jsonRequest('POST', '/api/v1/datasources', body)));
const list = (query = '') => read(collection.GET(jsonRequest('GET', `/api/v1/datasources${query}`)));
const pgBody = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `PG ${id}`, type: 'postgresql', params: { ...PG, ...extra } });

describe('/api/v1/datasources', () => {
  it('creates (201), refuses params that do not fit the type (400), a taken id (409) and a bad body (422)', async () => {
    const res = await create(pgBody('pg_a'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'pg_a', type: 'postgresql', status: 'inactive', password_needs_reentry: false });
    expect(res.body.params.password).toBe('********');
    expect(res.text).not.toContain(PG.password);
    await expectMatchesSchema(res.body, 'Datasource');

    const unfit = await create({ id: 'pg_bad', type: 'postgresql', params: { host: 'h', port: 'not a port' } });
    expectLegacyError(unfit, 400, 'BAD_REQUEST');
    expect(unfit.body.detail).toMatch(/port/);
    expect(unfit.body.error.details.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['port', 'user', 'database']));
    expect((await list('?search=pg_bad')).body.total).toBe(0);

    expectLegacyError(await create(pgBody('pg_a')), 409, 'CONFLICT');
    expect(validationProblems(await create({ id: 'x', type: 'oracle' }))).toEqual([['body.type', 'invalid_value']]);
  });

  it('lists with filter, sort and pagination', async () => {
    await create(pgBody('pg_b'));
    await create({ id: 'lite', name: 'A lite one', type: 'sqlite', params: { database: '/data/x.sqlite' } });
    const all = await list('?sort_by=name&sort_direction=asc');
    expect(all.status).toBe(200);
    expect(all.body.items.map((d: { id: string }) => d.id)).toEqual(['lite', 'pg_a', 'pg_b']);
    await expectMatchesSchema(all.body, 'DatasourcePage');
    const page = await list('?type=postgresql&sort_by=name&sort_direction=desc&limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ id: 'pg_a' }] });
    expect((await list('?search=LITE')).body.items.map((d: { id: string }) => d.id)).toEqual(['lite']);
    expect(validationProblems(await list('?limit=0&sort_by=size'))).toEqual([
      ['query.sort_by', 'invalid_value'],
      ['query.limit', 'too_small'],
    ]);
  });

  it('gets, patches ("********" keeps the secret) and deletes; 404 for an unknown id', async () => {
    const got = await read(byId.GET(jsonRequest('GET', '/x'), idParams('pg_a')));
    expect(got.body.id).toBe('pg_a');
    const patched = await read(byId.PATCH(jsonRequest('PATCH', '/x', { name: 'Renamed', params: { ...got.body.params, port: PG.port } }), idParams('pg_a')));
    expect(patched.body).toMatchObject({ name: 'Renamed', params: { password: '********' } });
    const ok = await read(validate.POST(jsonRequest('POST', '/x'), idParams('pg_a')));
    expect(ok.body.success).toBe(true); // the kept password still works
    expectLegacyError(await read(byId.GET(jsonRequest('GET', '/x'), idParams('nope'))), 404, 'NOT_FOUND');
    const deleted = await read(byId.DELETE(jsonRequest('DELETE', '/x'), idParams('pg_b')));
    expect(deleted.body.id).toBe('pg_b');
    expectLegacyError(await read(byId.DELETE(jsonRequest('DELETE', '/x'), idParams('pg_b'))), 404, 'NOT_FOUND');
  });

  it('POST /{id}/validate tests for real and records the outcome', async () => {
    const ok = await read(validate.POST(jsonRequest('POST', '/x'), idParams('pg_a')));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ success: true, contacted: true, database_info: { type: 'postgresql' }, datasource: { status: 'active' } });
    expect(ok.body.latency_ms).toBeGreaterThan(0);
    await expectMatchesSchema(ok.body, 'ValidateResult');
    await create(pgBody('pg_wrong', { password: 'wrong-password-1' }));
    const bad = await read(validate.POST(jsonRequest('POST', '/x'), idParams('pg_wrong')));
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ success: false, datasource: { status: 'error' } });
    expect(bad.body.message).toMatch(/Wrong user name or password/);
    expect(bad.text).not.toContain('wrong-password-1');
  });

  it('POST /{id}/import lands a query result (201 with wait), or starts it (202 with a progress id); bad bodies 422', async () => {
    const sql = "SELECT g AS n, 'row ' || g AS label FROM generate_series(1, 1000) g";
    const landed = await read(importRoute.POST(jsonRequest('POST', '/x', { sql, table_name: 'v1_rows', wait: true }), idParams('pg_a')));
    expect(landed.status).toBe(201);
    expect(landed.body.file_source).toEqual({ source_id: 'v1_rows', row_count: 1000, column_count: 2, columns: ['n', 'label'], file_type: 'database_query' });
    await expectMatchesSchema(landed.body, 'ImportResult');
    const started = await read(importRoute.POST(jsonRequest('POST', '/x', { sql, table_name: 'v1_rows', if_exists: 'replace' }), idParams('pg_a')));
    expect(started.status).toBe(202);
    expect(started.body.file_source).toBeNull();
    for (let i = 0; i < 400 && getProgress(started.body.progress_id)?.state === 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(getProgress(started.body.progress_id)).toMatchObject({ state: 'done', rowsDone: 1000 });
    const taken = await read(importRoute.POST(jsonRequest('POST', '/x', { sql, table_name: 'v1_rows', wait: true }), idParams('pg_a')));
    expectLegacyError(taken, 409, 'CONFLICT');
    expect(validationProblems(await read(importRoute.POST(jsonRequest('POST', '/x', { table: 't', sql }), idParams('pg_a'))))).toEqual([['body.table', 'custom']]);
  });

  it('GET /types lists the connector types with their params schema', async () => {
    const res = await read(types.GET(jsonRequest('GET', '/api/v1/datasources/types')));
    expect(res.body.map((t: { type: string }) => t.type)).toEqual(['postgresql', 'mysql', 'sqlite', 'duckdb']);
    for (const type of res.body as unknown[]) await expectMatchesSchema(type, 'ConnectorType');
  });
});

describe('/api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document describing every route and method above', async () => {
    const d = await doc;
    expect(d.openapi).toBe('3.1.0');
    expect(d.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.fromEntries(Object.entries(d.paths).map(([p, ops]) => [p, Object.keys(ops as object).filter((k) => k !== 'parameters').sort()]))).toEqual({
      '/api/v1/datasources': ['get', 'post'],
      '/api/v1/datasources/types': ['get'],
      '/api/v1/datasources/{id}': ['delete', 'get', 'patch'],
      '/api/v1/datasources/{id}/import': ['post'],
      '/api/v1/datasources/{id}/validate': ['post'],
    });
    expect(d.components.schemas.DatasourceCreate.required).toEqual(['type']);
    expect(d.components.schemas.DatasourceCreate.properties.type.enum).toContain('postgresql');
    const listParams = d.paths['/api/v1/datasources'].get.parameters.map((p: { name: string }) => p.name);
    expect(listParams).toEqual(['search', 'type', 'status', 'sort_by', 'sort_direction', 'limit', 'offset']);
    // The schemas the responses were checked against above do reject what does not fit.
    expect(z.fromJSONSchema(d.components.schemas.Datasource).safeParse({ id: 1, name: 'x' }).success).toBe(false);
  });
});
