import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '@/server/db/rows';
import { decryptSecret } from '@/server/secrets/cipher';
import { loadKeyring } from '@/server/secrets/keyring';
import { rotateSecretKey } from '@/server/secrets/rotate-key';
import { openTestApp } from '../helpers/test-app';

describe('datasources router: secrets encrypted at rest, masked in every response', () => {
  let t: Awaited<ReturnType<typeof openTestApp>>;
  beforeEach(async () => {
    t = await openTestApp();
  });
  afterEach(() => t.close());

  const storedParams = async (id: string) =>
    JSON.parse(
      (await t.database.read((c) => queryRows<{ params: string }>(c, 'SELECT params FROM system_datasources WHERE id = $1', [id])))[0]!.params,
    ) as Record<string, string>;

  const create = () =>
    t.caller.datasources.create({
      id: 'pg1',
      name: 'PG',
      type: 'postgresql',
      params: { host: 'localhost', port: 5432, user: 'me', password: 's3cret!', database: 'db' },
    });

  it('stores ciphertext, answers "********", and keeps the secret when "********" comes back', async () => {
    const created = await create();
    expect(created.params.password).toBe('********');
    const stored = await storedParams('pg1');
    expect(stored.password).toMatch(/^dq:v1:/);
    expect(decryptSecret(stored.password!, t.keyring)).toBe('s3cret!');

    const listed = await t.caller.datasources.list({});
    expect(JSON.stringify(listed)).not.toContain('s3cret!');
    expect(JSON.stringify(listed)).not.toContain('dq:v1:');

    await t.caller.datasources.update({ id: 'pg1', patch: { params: { ...created.params, host: 'db2' } } });
    const after = await storedParams('pg1');
    expect(after.host).toBe('db2');
    expect(decryptSecret(after.password!, t.keyring)).toBe('s3cret!');

    await t.caller.datasources.update({ id: 'pg1', patch: { params: { ...created.params, password: 'n3w' } } });
    expect(decryptSecret((await storedParams('pg1')).password!, t.keyring)).toBe('n3w');
  });

  it('never writes a secret to the audit log', async () => {
    await create();
    await t.caller.datasources.update({ id: 'pg1', patch: { params: { password: 'other-secret' } } });
    const audit = await t.caller.migrations.auditLog({ targetType: 'datasource' });
    expect(audit.items.map((r) => r.action)).toEqual(['datasource.update', 'datasource.create']);
    const text = JSON.stringify(audit);
    expect(text).not.toContain('s3cret!');
    expect(text).not.toContain('other-secret');
  });

  it('a password that could not be decrypted: the test says so and asks for it, contacts nothing, marks the connection error', async () => {
    await create();
    await t.app.stores.datasources.update('pg1', (current) => ({ ...current, password_needs_reentry: true }));
    const { result, connection } = await t.caller.datasources.test({ id: 'pg1' });
    expect(result).toMatchObject({ success: false, contacted: false, password_needs_reentry: true });
    expect(result.message).toMatch(/password could not be decrypted.*enter the password again/);
    expect(connection.status).toBe('error');
    await t.caller.datasources.update({ id: 'pg1', patch: { params: { password: 'typed-again' } } });
    expect((await t.caller.datasources.get({ id: 'pg1' })).password_needs_reentry).toBe(false);
  });

  it('a type no connector handles (legacy csv) is not tested and keeps its status', async () => {
    await t.caller.datasources.create({ id: 'old_csv', type: 'csv', params: {}, status: 'active' });
    const { result, connection } = await t.caller.datasources.test({ id: 'old_csv' });
    expect(result).toMatchObject({ success: false, contacted: false });
    expect(result.message).toMatch(/cannot be tested/);
    expect(connection).toMatchObject({ status: 'active', last_tested: null });
  });

  it('lists the connector types with JSON Schemas of their params, secrets write-only', async () => {
    const types = await t.caller.datasources.connectorTypes();
    expect(types.map((x) => x.type)).toEqual(expect.arrayContaining(['postgresql', 'mysql', 'sqlite']));
    const pg = types.find((x) => x.type === 'postgresql')!;
    expect(pg.secret_fields).toEqual(['password']);
    expect(pg.params_schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['host', 'user', 'database']) });
    expect((pg.params_schema.properties as Record<string, Record<string, unknown>>).password).toMatchObject({ writeOnly: true });
    expect((pg.params_schema.properties as Record<string, Record<string, unknown>>).port).toMatchObject({ default: 5432 });
  });

  it('rotates the key: every secret re-encrypted, still readable, old key file retired', async () => {
    await create();
    const before = await storedParams('pg1');
    const result = await rotateSecretKey(t.database, t.config);
    expect(result.secretsReencrypted).toBe(1);
    expect(result.newKeyId).not.toBe(result.oldKeyId);
    const after = await storedParams('pg1');
    expect(after.password).not.toBe(before.password);
    const newRing = loadKeyring(t.config);
    expect(newRing.currentId).toBe(result.newKeyId);
    expect(newRing.keys.has(result.oldKeyId)).toBe(false);
    expect(decryptSecret(after.password!, newRing)).toBe('s3cret!');
    expect(fs.existsSync(result.retiredKeyPath!)).toBe(true);
    expect(fs.statSync(t.config.secretKeyPath).mode & 0o777).toBe(0o600);
  });
});
