import { afterAll, describe, expect, it } from 'vitest';
import * as collection from '@/app/api/sql-favorites/route';
import * as byId from '@/app/api/sql-favorites/[id]/route';
import * as use from '@/app/api/sql-favorites/[id]/use/route';
import { MAX_JSON_BODY_BYTES } from '@/server/rest/read-json-body';
import { expectLegacyError, idParams, ISO_8601, jsonRequest, read, useTempAppEnv, validationProblems } from '../helpers/rest-env';

const env = useTempAppEnv();
afterAll(() => env.cleanup());

const FAVORITE_KEYS = ['created_at', 'description', 'id', 'name', 'sql', 'tags', 'type', 'updated_at', 'usage_count'];

const create = (body: unknown) => read(collection.POST(jsonRequest('POST', '/api/sql-favorites', body)));
const update = (id: string, body: unknown) => read(byId.PUT(jsonRequest('PUT', `/api/sql-favorites/${id}`, body), idParams(id)));

function expectFavorite(data: Record<string, any>) {
  expect(Object.keys(data).sort()).toEqual(FAVORITE_KEYS);
  expect(data.created_at).toMatch(ISO_8601);
  expect(data.updated_at).toMatch(ISO_8601);
  expect(typeof data.usage_count).toBe('number');
}

describe('legacy /api/sql-favorites shims', () => {
  it('POST creates a favorite and answers {success, data} with the legacy favorite keys', async () => {
    const res = await create({ name: 'Top', sql: 'SELECT 1', type: 'duckdb', tags: ['a'] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'success']);
    expect(res.body.success).toBe(true);
    expectFavorite(res.body.data);
    expect(res.body.data).toMatchObject({ name: 'Top', sql: 'SELECT 1', type: 'duckdb', description: '', tags: ['a'], usage_count: 0 });
  });

  it('POST takes null for optional fields as "not given", like the legacy pydantic model', async () => {
    const res = await create({ name: 'Nulls', sql: 'SELECT 2', type: 'mysql', description: null, tags: null });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ description: '', tags: [], type: 'mysql' });
  });

  it('POST answers 400 in the legacy error shape when the name exists', async () => {
    const res = await create({ name: 'Top', sql: 'SELECT 9', type: 'duckdb' });
    expectLegacyError(res, 400, 'CONFLICT');
    expect(res.body.error.details).toEqual({ name: 'Top' });
  });

  it('POST answers 422 with one item per problem, FastAPI style', async () => {
    const res = await read(collection.POST(jsonRequest('POST', '/api/sql-favorites', { name: '', tags: 'x' })));
    expect(validationProblems(res).sort()).toEqual([
      ['body.name', 'too_small'],
      ['body.sql', 'missing'],
      ['body.tags', 'invalid_type'],
    ]);
  });

  it('answers 422 for a malformed, missing or non-object JSON body, and 413 past the size cap', async () => {
    expect(validationProblems(await create('{"name": "x",'))).toEqual([['body', 'json_invalid']]);
    expect(validationProblems(await read(collection.POST(jsonRequest('POST', '/api/sql-favorites'))))).toEqual([['body', 'missing']]);
    expect(validationProblems(await create('[1, 2]'))).toEqual([['body', 'invalid_type']]);
    const huge = await create({ name: 'Huge', sql: 'x'.repeat(MAX_JSON_BODY_BYTES + 1) });
    expectLegacyError(huge, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('GET lists every favorite, oldest first, as {success, data}', async () => {
    const res = await read(collection.GET(jsonRequest('GET', '/api/sql-favorites')));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'success']);
    expect(res.body.data.map((f: { name: string }) => f.name)).toEqual(['Top', 'Nulls']);
    res.body.data.forEach(expectFavorite);
  });

  it('PUT changes any subset of the fields and bumps updated_at', async () => {
    const before = (await create({ name: 'Edit me', sql: 'SELECT 3', type: 'duckdb' })).body.data;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const res = await update(before.id, { sql: 'SELECT 4', tags: ['t'] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'success']);
    expectFavorite(res.body.data);
    expect(res.body.data).toMatchObject({ id: before.id, name: 'Edit me', sql: 'SELECT 4', tags: ['t'], created_at: before.created_at });
    expect(Date.parse(res.body.data.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
  });

  it('PUT answers 404 for an unknown id, 400 for a taken name, 422 for a bad field', async () => {
    expectLegacyError(await update('no-such-id', { sql: 'SELECT 1' }), 404, 'NOT_FOUND');
    const mine = (await create({ name: 'Mine', sql: 'SELECT 5', type: 'duckdb' })).body.data;
    expectLegacyError(await update(mine.id, { name: 'Top' }), 400, 'CONFLICT');
    expect(validationProblems(await update(mine.id, { sql: '' }))).toEqual([['body.sql', 'too_small']]);
  });

  it('POST /{id}/use adds one to usage_count; 404 for an unknown id', async () => {
    const fav = (await create({ name: 'Used', sql: 'SELECT 6', type: 'duckdb' })).body.data;
    const once = await read(use.POST(jsonRequest('POST', `/api/sql-favorites/${fav.id}/use`), idParams(fav.id)));
    expect(once.status).toBe(200);
    expect(Object.keys(once.body).sort()).toEqual(['data', 'success']);
    expectFavorite(once.body.data);
    expect(once.body.data.usage_count).toBe(1);
    await Promise.all(Array.from({ length: 20 }, () => use.POST(jsonRequest('POST', '/x'), idParams(fav.id))));
    const after = await read(use.POST(jsonRequest('POST', '/x'), idParams(fav.id)));
    expect(after.body.data.usage_count).toBe(22);
    expectLegacyError(await read(use.POST(jsonRequest('POST', '/x'), idParams('missing'))), 404, 'NOT_FOUND');
    // An id the router's own input schema refuses is a 422 too, not a 400 or 500.
    expect(validationProblems(await read(use.POST(jsonRequest('POST', '/x'), idParams('x'.repeat(201)))))).toEqual([['body.id', 'too_big']]);
  });

  it('DELETE answers the deleted favorite, then 404', async () => {
    const fav = (await create({ name: 'Gone', sql: 'SELECT 7', type: 'duckdb' })).body.data;
    const res = await read(byId.DELETE(jsonRequest('DELETE', `/api/sql-favorites/${fav.id}`), idParams(fav.id)));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'success']);
    expect(res.body.data).toEqual(fav);
    expectLegacyError(await read(byId.DELETE(jsonRequest('DELETE', '/x'), idParams(fav.id))), 404, 'NOT_FOUND');
  });
});
