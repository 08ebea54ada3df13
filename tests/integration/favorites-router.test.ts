import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { openTestApp } from '../helpers/test-app';

describe('favorites router over DuckDB', () => {
  let t: Awaited<ReturnType<typeof openTestApp>>;
  beforeEach(async () => {
    t = await openTestApp();
  });
  afterEach(() => t.close());

  it('creates, lists, updates, uses and deletes a favorite', async () => {
    const created = await t.caller.favorites.create({ name: 'Top', sql: 'SELECT 1', tags: ['a', 'b'] });
    expect(created).toMatchObject({ name: 'Top', sql: 'SELECT 1', type: 'duckdb', description: '', tags: ['a', 'b'], usage_count: 0 });
    expect(created.created_at).toBeInstanceOf(Date);

    const updated = await t.caller.favorites.update({ id: created.id, patch: { sql: 'SELECT 2', description: 'd' } });
    expect(updated).toMatchObject({ sql: 'SELECT 2', description: 'd', name: 'Top' });
    expect(updated.updated_at.getTime()).toBeGreaterThanOrEqual(created.updated_at.getTime());

    expect((await t.caller.favorites.use({ id: created.id })).usage_count).toBe(1);
    const page = await t.caller.favorites.list({ tag: 'b' });
    expect(page.total).toBe(1);
    expect(page.items[0]!.usage_count).toBe(1);

    await t.caller.favorites.delete({ id: created.id });
    await expect(t.caller.favorites.get({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a taken name with CONFLICT and keeps the first favorite', async () => {
    await t.caller.favorites.create({ name: 'Same', sql: 'SELECT 1' });
    const error = await t.caller.favorites.create({ name: 'Same', sql: 'SELECT 2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('CONFLICT');
    const page = await t.caller.favorites.list({});
    expect(page.items.map((f) => f.sql)).toEqual(['SELECT 1']);
  });

  it('loses no increment when 16 clients each call use 100 times at once', async () => {
    const favorite = await t.caller.favorites.create({ name: 'Hot', sql: 'SELECT 1' });
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = 0; i < 100; i++) await t.caller.favorites.use({ id: favorite.id });
      }),
    );
    expect((await t.caller.favorites.get({ id: favorite.id })).usage_count).toBe(1600);
  });

  it('keeps good writes when a concurrent write in the same group commit fails', async () => {
    await t.caller.favorites.create({ name: 'taken', sql: 'SELECT 0' });
    const results = await Promise.allSettled([
      t.caller.favorites.create({ name: 'n1', sql: 'SELECT 1' }),
      t.caller.favorites.create({ name: 'taken', sql: 'SELECT 2' }),
      t.caller.favorites.create({ name: 'n3', sql: 'SELECT 3' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await t.caller.favorites.list({ sortBy: 'name', sortDirection: 'asc' })).items.map((f) => f.name)).toEqual(['n1', 'n3', 'taken']);
  });

  it('records every change in the audit log', async () => {
    const f = await t.caller.favorites.create({ name: 'A', sql: 'SELECT 1' });
    await t.caller.favorites.delete({ id: f.id });
    await t.caller.favorites.delete({ id: f.id }).catch(() => undefined);
    const log = await t.caller.migrations.auditLog({ targetType: 'favorite' });
    expect(log.items.map((r) => [r.action, r.outcome, r.actor])).toEqual([
      ['favorite.delete', 'error', 'tester'],
      ['favorite.delete', 'ok', 'tester'],
      ['favorite.create', 'ok', 'tester'],
    ]);
  });
});
