import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveLegacyTimeZone } from '@/server/legacy-import/legacy-time-zone';

describe('the legacy time zone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duckquery-tz-'));
  afterEach(() => fs.rmSync(path.join(dir, 'app-config.json'), { force: true }));

  it('is DUCKQUERY_LEGACY_TZ when set', () => {
    fs.writeFileSync(path.join(dir, 'app-config.json'), JSON.stringify({ timezone: 'Europe/Paris' }));
    expect(resolveLegacyTimeZone('America/New_York', dir)).toEqual({ zone: 'America/New_York', source: 'DUCKQUERY_LEGACY_TZ' });
  });

  it("else app-config.json's timezone", () => {
    fs.writeFileSync(path.join(dir, 'app-config.json'), JSON.stringify({ timezone: 'Europe/Paris' }));
    expect(resolveLegacyTimeZone(null, dir)).toEqual({ zone: 'Europe/Paris', source: 'app-config.json' });
  });

  it("else the server's zone (also when app-config.json is corrupt)", () => {
    const server = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(resolveLegacyTimeZone(null, dir)).toEqual({ zone: server, source: 'server' });
    fs.writeFileSync(path.join(dir, 'app-config.json'), '{"timezone": ');
    expect(resolveLegacyTimeZone('  ', dir)).toEqual({ zone: server, source: 'server' });
  });
});
