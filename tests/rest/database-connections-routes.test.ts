import { afterAll, describe, expect, it } from 'vitest';
import * as collection from '@/app/api/database_connections/route';
import * as byId from '@/app/api/database_connections/[id]/route';
import * as refresh from '@/app/api/database_connections/[id]/refresh/route';
import * as testRoute from '@/app/api/database_connections/test/route';
import * as simpleTest from '@/app/api/test_connection_simple/route';
import { getApp } from '@/server/db/instance';
import { queryOne, queryRows } from '@/server/db/rows';
import { decryptSecret } from '@/server/secrets/cipher';
import { expectLegacyError, idParams, ISO_8601, jsonRequest, read, useTempAppEnv, validationProblems } from '../helpers/rest-env';
import { MYSQL, mysqlAdmin, setUpOrFailEach } from '../connectors/servers';

const env = useTempAppEnv();
afterAll(() => env.cleanup());

const CONNECTION_KEYS = ['created_at', 'id', 'last_tested', 'name', 'params', 'status', 'type', 'updated_at'];
const PLAIN = 'pl41n-s3cret-pw';
const NEW_PLAIN = 'n3w-s3cret-pw';

/** Every response body seen, to prove no secret ever leaves the server. */
const seen: string[] = [];
async function call(response: Promise<Response>) {
  const result = await read(response);
  seen.push(result.text);
  return result;
}

/** The real MariaDB test server (scripts/ci/start-db-servers.sh): tests now really connect. */
const mysqlParams = { host: MYSQL.host, port: MYSQL.port, user: MYSQL.user, password: MYSQL.password, database: MYSQL.database };
const wrongPassword = { ...mysqlParams, password: PLAIN };

setUpOrFailEach(async () => {
  await (await mysqlAdmin()).end(); // fails with how to start the servers when they are down
});
const createConnection = (body: unknown) => call(collection.POST(jsonRequest('POST', '/api/database_connections', body)));
const get = (id: string) => call(byId.GET(jsonRequest('GET', `/api/database_connections/${id}`), idParams(id)));
const put = (id: string, body: unknown) => call(byId.PUT(jsonRequest('PUT', `/api/database_connections/${id}`, body), idParams(id)));

async function storedParams(id: string): Promise<Record<string, unknown>> {
  const app = await getApp();
  const row = await app.database.read((c) => queryOne<{ params: string }>(c, 'SELECT params::VARCHAR AS params FROM system_datasources WHERE id = $1', [id]));
  return JSON.parse(row!.params) as Record<string, unknown>;
}

function expectConnection(connection: Record<string, any>) {
  expect(Object.keys(connection).sort()).toEqual(CONNECTION_KEYS);
  expect(connection.created_at).toMatch(ISO_8601);
  expect(connection.updated_at).toMatch(ISO_8601);
  if (connection.last_tested !== null) expect(connection.last_tested).toMatch(ISO_8601);
  if ('password' in connection.params) expect(connection.params.password).toBe('********');
}

describe('legacy /api/database_connections shims', () => {
  it('POST tests against the real server, then saves: status active, last_tested set, secret masked, ciphertext stored', async () => {
    const res = await createConnection({ id: 'sales', name: 'Sales', type: 'mysql', params: mysqlParams, status: 'inactive' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['connection', 'message', 'success']);
    expect(res.body.success).toBe(true);
    expect(res.body.message).toMatch(/the connection test succeeded/);
    expectConnection(res.body.connection);
    expect(res.body.connection).toMatchObject({ id: 'sales', name: 'Sales', type: 'mysql', status: 'active' });
    expect(res.body.connection.params).toEqual({ ...mysqlParams, password: '********' });
    expect(res.body.connection.last_tested).toMatch(ISO_8601);

    const stored = await storedParams('sales');
    expect(stored.password).toMatch(/^dq:v1:/);
    expect(stored.password).not.toContain(MYSQL.password);
    expect(decryptSecret(String(stored.password), (await getApp()).keyring)).toBe(MYSQL.password);
  });

  it('POST saves a connection whose test fails, with status error and the reason in plain words (legacy rule)', async () => {
    const res = await createConnection({ id: 'sales_badpw', name: 'Sales', type: 'mysql', params: wrongPassword, status: 'active' });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.message).toMatch(/did not succeed: Wrong user name or password/);
    expect(res.body.connection.status).toBe('error');
    expect(decryptSecret(String((await storedParams('sales_badpw')).password), (await getApp()).keyring)).toBe(PLAIN);
  });

  it('POST answers 400 for a taken id and 422 for a bad body', async () => {
    expectLegacyError(await createConnection({ id: 'sales', type: 'mysql', params: {} }), 400, 'CONFLICT');
    expect(validationProblems(await createConnection({ id: 'x', type: 'oracle', params: [] })).sort()).toEqual([
      ['body.params', 'invalid_type'],
      ['body.type', 'invalid_value'],
    ]);
    expect(validationProblems(await createConnection({ id: 'y' }))).toEqual([['body.type', 'missing']]);
    expect(validationProblems(await createConnection('{oops'))).toEqual([['body', 'json_invalid']]);
  });

  it('GET lists every connection in the legacy shape, secrets masked', async () => {
    await createConnection({ id: 'local', name: 'Local', type: 'sqlite', params: { database: '/tmp/x.db' } });
    const res = await call(collection.GET(jsonRequest('GET', '/api/database_connections')));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['connections', 'success']);
    expect(res.body.connections.map((c: { id: string }) => c.id)).toEqual(['sales', 'sales_badpw', 'local']);
    res.body.connections.forEach(expectConnection);
  });

  it('GET /{id} answers {success, connection}; 404 for an unknown id', async () => {
    const res = await get('sales');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['connection', 'success']);
    expectConnection(res.body.connection);
    expectLegacyError(await get('nope'), 404, 'NOT_FOUND');
  });

  it('PUT with "********" keeps the stored secret; a new password replaces it; both re-test', async () => {
    const before = await storedParams('sales');
    const current = (await get('sales')).body.connection;
    const kept = await put('sales', { ...current, name: 'Sales EU', params: { ...current.params, host: 'eu.db.local' } });
    expect(kept.status).toBe(200);
    expect(Object.keys(kept.body).sort()).toEqual(['connection', 'message', 'success']);
    expectConnection(kept.body.connection);
    // eu.db.local does not resolve: saved anyway, status error (legacy rule).
    expect(kept.body.connection).toMatchObject({ name: 'Sales EU', status: 'error', params: { host: 'eu.db.local', password: '********' } });
    expect(kept.body.message).toMatch(/could not be resolved/);
    expect((await storedParams('sales')).password).toBe(before.password);

    await put('sales', { ...current, params: { ...current.params, password: NEW_PLAIN } });
    const after = await storedParams('sales');
    expect(after.password).not.toBe(before.password);
    expect(decryptSecret(String(after.password), (await getApp()).keyring)).toBe(NEW_PLAIN);
  });

  it('PUT answers 404 for an unknown id and 422 for a bad status', async () => {
    expectLegacyError(await put('nope', { type: 'mysql', params: {} }), 404, 'NOT_FOUND');
    expect(validationProblems(await put('sales', { status: 'broken' }))).toEqual([['body.status', 'invalid_value']]);
  });

  it('POST /{id}/refresh re-tests and answers {success, message, connection, test_result}; 404', async () => {
    const res = await call(refresh.POST(jsonRequest('POST', '/api/database_connections/sales/refresh'), idParams('sales')));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['connection', 'message', 'success', 'test_result']);
    expectConnection(res.body.connection);
    expect(Object.keys(res.body.test_result).sort()).toEqual(['database_info', 'latency_ms', 'message', 'success']);
    expect(res.body.test_result.success).toBe(false);
    expectLegacyError(await call(refresh.POST(jsonRequest('POST', '/x'), idParams('nope'))), 404, 'NOT_FOUND');
  });

  it('POST /test answers HTTP 200 with version and latency, or success false with the reason; 422 without a type', async () => {
    const ok = await call(testRoute.POST(jsonRequest('POST', '/api/database_connections/test', { type: 'mysql', params: mysqlParams })));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      success: true,
      message: expect.stringMatching(/^Connected to MySQL \/ MariaDB in/),
      latency_ms: expect.any(Number),
      database_info: { version: expect.stringMatching(/MariaDB|^\d+\.\d+/), type: 'mysql' },
    });
    const bad = await call(testRoute.POST(jsonRequest('POST', '/api/database_connections/test', { type: 'mysql', params: wrongPassword })));
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ success: false, message: expect.stringMatching(/Wrong user name or password for user 'duckquery_test'/) });
    expect(validationProblems(await call(testRoute.POST(jsonRequest('POST', '/x', { params: {} }))))).toEqual([['body.type', 'missing']]);
  });

  it('POST /api/test_connection_simple answers HTTP 200 {success, message}; 422 without a type', async () => {
    const body = { type: 'mysql', host: MYSQL.host, port: MYSQL.port, username: MYSQL.user, password: MYSQL.password, database: MYSQL.database };
    const res = await call(simpleTest.POST(jsonRequest('POST', '/api/test_connection_simple', body)));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['message', 'success']);
    expect(res.body.success).toBe(true);
    const closed = await call(simpleTest.POST(jsonRequest('POST', '/api/test_connection_simple', { ...body, port: 1 })));
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ success: false, message: expect.stringMatching(/Nothing is listening at 127.0.0.1:1/) });
    expect(validationProblems(await call(simpleTest.POST(jsonRequest('POST', '/x', { host: 'h' }))))).toEqual([['body.type', 'missing']]);
  });

  it('a connection whose id is "test" is still reachable under /api/database_connections/test', async () => {
    await createConnection({ id: 'test', type: 'sqlite', params: { database: ':memory:' } });
    const res = await call(testRoute.GET(jsonRequest('GET', '/api/database_connections/test')));
    expect(res.status).toBe(200);
    expect(res.body.connection.id).toBe('test');
    expect((await call(testRoute.DELETE(jsonRequest('DELETE', '/api/database_connections/test')))).status).toBe(200);
  });

  it('DELETE answers {success, message}, then 404', async () => {
    const res = await call(byId.DELETE(jsonRequest('DELETE', '/api/database_connections/local'), idParams('local')));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['message', 'success']);
    expect(res.body.success).toBe(true);
    expectLegacyError(await call(byId.DELETE(jsonRequest('DELETE', '/x'), idParams('local'))), 404, 'NOT_FOUND');
  });

  it('never sent a password, old or new, in any response, nor wrote one to the audit log', async () => {
    expect(seen.length).toBeGreaterThan(20);
    for (const text of seen) {
      expect(text).not.toContain(PLAIN);
      expect(text).not.toContain(NEW_PLAIN);
      expect(text).not.toContain(MYSQL.password);
      expect(text).not.toContain('dq:v1:');
    }
    const app = await getApp();
    const audit = await app.database.read((c) => queryRows(c, 'SELECT * FROM system_audit_log'));
    const auditText = JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(auditText).not.toContain(PLAIN);
    expect(auditText).not.toContain(NEW_PLAIN);
    expect(auditText).not.toContain(MYSQL.password);
  });
});
