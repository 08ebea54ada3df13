import { describe, expect, it } from 'vitest';
import { parseLegacyTimestamp } from '@/server/legacy-import/legacy-timestamp';

describe('classifying legacy timestamps', () => {
  it.each([
    ['2025-10-20T14:03:11.123456+08:00', 'offset'],
    ['2025-10-20 14:03:11.123456+08:00', 'offset'],
    ['2025-10-21 09:15:00.5+08:00', 'offset'],
    ['2025-10-20T14:03:11-0530', 'offset'],
    ['2025-10-20T14:03:11Z', 'offset'],
    ['2025-09-01T10:00:00', 'naive'],
    ['2025-09-01 10:00:00.000001', 'naive'],
    ['2025-09-01', 'naive'],
  ])('%s is %s', (text, kind) => {
    expect(parseLegacyTimestamp(text)).toEqual({ ok: true, stamp: { text, kind } });
  });

  it("reads favorites' fake Z as local time", () => {
    expect(parseLegacyTimestamp('2025-10-11T12:00:00.123456Z', { zIsLocal: true })).toEqual({
      ok: true,
      stamp: { text: '2025-10-11T12:00:00.123456', kind: 'naive' },
    });
  });

  it('treats null, undefined and "" as no value', () => {
    for (const value of [null, undefined, '']) expect(parseLegacyTimestamp(value)).toEqual({ ok: true, stamp: null });
  });

  it('rejects what is not a timestamp', () => {
    for (const value of ['yesterday', '2025-02-30T00:00:00', '2025-13-01', '2025-01-01T24:00:00', 1760000000, {}, '2025-01-01T10:00:00+25:00']) {
      expect(parseLegacyTimestamp(value)).toEqual({ ok: false });
    }
  });
});
