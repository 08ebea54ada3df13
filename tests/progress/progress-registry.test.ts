import { afterAll, describe, expect, it } from 'vitest';
import { createCaller } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { principalFor } from '@/server/auth/principal';
import { startProgress } from '@/server/progress/progress-registry';
import { openTestApp } from '../helpers/test-app';

const testApp = await openTestApp();
afterAll(() => testApp.close());

const callerAs = async (role: 'user' | 'admin') =>
  createCaller(await createTRPCContext({ headers: new Headers(), app: testApp.app, principal: principalFor(role, 'bearer') }));

describe('progress of running work, as the UI polls it', () => {
  it('shows bytes, phase and an estimate of the time left while running, then the outcome', async () => {
    const handle = startProgress({ kind: 'upload', label: 'big.csv', actor: 'user', bytesTotal: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    handle.update({ phase: 'receiving', bytesDone: 250 });
    const user = await callerAs('user');

    const running = await user.progress.get({ id: handle.id });
    expect(running).toMatchObject({ state: 'running', phase: 'receiving', bytesDone: 250, bytesTotal: 1000, label: 'big.csv' });
    expect(running.etaMs).toBeGreaterThan(0);

    handle.finish({ sourceId: 'big' });
    const done = await user.progress.get({ id: handle.id });
    expect(done).toMatchObject({ state: 'done', phase: 'done', result: { sourceId: 'big' }, etaMs: null });
    expect(done.finishedAt).toBeInstanceOf(Date);
  });

  it('keeps the first ending: a failure reported after a cancel does not turn it into a failure', async () => {
    const handle = startProgress({ kind: 'task', label: 'slow query', actor: 'user' });
    handle.cancel();
    handle.fail('interrupted');
    expect(await (await callerAs('user')).progress.get({ id: handle.id })).toMatchObject({ state: 'cancelled', error: null });
  });

  it("hides one caller's work from another, but not from an admin", async () => {
    const adminsWork = startProgress({ kind: 'import', label: 'admin only', actor: 'admin' });
    const user = await callerAs('user');
    await expect(user.progress.get({ id: adminsWork.id })).rejects.toThrow(/not found/);
    expect((await user.progress.list({ runningOnly: false })).map((p) => p.id)).not.toContain(adminsWork.id);
    expect((await (await callerAs('admin')).progress.list({ runningOnly: true })).map((p) => p.id)).toContain(adminsWork.id);
  });
});
