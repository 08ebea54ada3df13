import { describe, expect, it } from 'vitest';
import { isReservedName, nameSkeleton } from '@/server/query/reserved-names';

describe('reserved system_* names', () => {
  it.each([
    'system_audit_log',
    'SYSTEM_AUDIT_LOG',
    'System_x',
    'ѕystem_x', // Cyrillic s
    'ѕуѕtеm_x', // Cyrillic s, u, s, e
    'ｓｙｓｔｅｍ＿x', // full-width, NFKC-folded
    'sys\u200btem_x', // zero-width space
    'syst\u0435m_x', // Cyrillic e
    'sySTEM\u2017x', // double low line
  ])('%s is reserved', (name) => expect(isReservedName(name)).toBe(true));

  it.each(['sales', 'systems', 'my_system_table', 'system', 'systemx', 'sy_stem_x', '华东_system_'])('%s is a user name', (name) => {
    expect(isReservedName(name)).toBe(false);
  });

  it('folds a name to what a reader sees', () => {
    expect(nameSkeleton('ＳＹＳＴＥＭ＿Ａ')).toBe('system_a');
  });
});
