import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshModuleCopy } from '../../helpers/fresh-module-copy';

const freshCopy = () => freshModuleCopy(() => import('@/server/audit/audit-context'));

describe('pending audit rows across module copies', () => {
  afterEach(() => vi.resetModules());

  it('a write in another copy of the module claims the pending audit row of the change, once', async () => {
    const routeCopy = await freshCopy(); // where audited() opens the pending row
    const databaseCopy = await freshCopy(); // where Database.write claims it
    expect(databaseCopy).not.toBe(routeCopy);

    const pending = { event: { actor: 'tester', action: 'file_source.upsert' }, startedAt: 0, claimed: false };
    const claims = await routeCopy.runWithPendingAudit(pending, async () => [databaseCopy.claimPendingAudit(), databaseCopy.claimPendingAudit()]);

    expect(claims).toEqual([pending, undefined]);
    expect(pending.claimed).toBe(true);
  });

  it('outside any change there is nothing to claim', async () => {
    const copy = await freshCopy();
    expect(copy.claimPendingAudit()).toBeUndefined();
  });
});
