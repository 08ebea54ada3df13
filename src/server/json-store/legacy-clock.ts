import fs from 'node:fs';
import path from 'node:path';

const STAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/;
const OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads and writes legacy timestamps (FORMATS.md): with an offset (`T` or space), naive (read in
 * the legacy zone), and favorites' local time with a misleading `Z` (`zIsLocal`). Writes ISO
 * strings with the legacy zone's offset and millisecond precision (`2025-10-11T12:00:00.123+08:00`):
 * unambiguous for every reader, and the local time a person debugging expects to see.
 */
export class LegacyClock {
  private readonly offsets: Intl.DateTimeFormat;

  constructor(readonly zone: string) {
    try {
      this.offsets = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      throw new Error(`The legacy time zone '${zone}' is not a known IANA zone (set DUCKQUERY_LEGACY_TZ)`);
    }
  }

  /** The instant of a legacy timestamp; null when absent or not a timestamp. */
  parse(value: unknown, { zIsLocal = false } = {}): Date | null {
    if (typeof value !== 'string') return null;
    const match = STAMP.exec(value.trim());
    if (!match) return null;
    const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zulu, sign, oh = '0', om = '0'] = match;
    const wall = Date.UTC(+year!, +month! - 1, +day!, +hour, +minute, +second, +fraction.padEnd(3, '0').slice(0, 3));
    const check = new Date(wall);
    if (check.getUTCDate() !== +day! || check.getUTCMonth() !== +month! - 1 || +hour > 23 || +minute > 59 || +second > 59) return null;
    if (sign) return new Date(wall - (sign === '-' ? -1 : 1) * (+oh * 60 + +om) * 60_000);
    if (zulu && !zIsLocal) return new Date(wall);
    return new Date(this.wallToInstant(wall));
  }

  /** `date` as ISO 8601 with the legacy zone's offset. */
  format(date: Date): string {
    const offsetMs = this.offsetMs(date.getTime());
    if (offsetMs % 60_000 !== 0) return date.toISOString().replace('Z', '+00:00'); // pre-1900 local mean time
    const local = new Date(date.getTime() + offsetMs).toISOString().slice(0, 23);
    const minutes = Math.abs(offsetMs / 60_000);
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return `${local}${offsetMs < 0 ? '-' : '+'}${hh}:${mm}`;
  }

  /** Local wall time (as a UTC-based number) to an instant; DST gaps resolve forward. */
  private wallToInstant(wall: number): number {
    const guess = wall - this.offsetMs(wall);
    return wall - this.offsetMs(guess);
  }

  private offsetMs(instant: number): number {
    const name = this.offsets.formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
    const [, sign, hh = '0', mm = '0', ss = '0'] = OFFSET.exec(name) ?? [];
    return (sign === '-' ? -1 : 1) * ((+hh * 60 + +mm) * 60 + +ss) * 1000;
  }
}

/**
 * The zone legacy naive and fake-`Z` timestamps were written in (FORMATS.md): DUCKQUERY_LEGACY_TZ
 * (AppConfig.legacyTimeZone), else app-config.json `timezone`, else this server's zone.
 */
export function resolveLegacyZone(configDir: string, fromConfig: string | null): string {
  if (fromConfig?.trim()) return fromConfig.trim();
  try {
    const appConfig = JSON.parse(fs.readFileSync(path.join(configDir, 'app-config.json'), 'utf8')) as { timezone?: unknown } | null;
    if (typeof appConfig?.timezone === 'string' && appConfig.timezone.trim()) return appConfig.timezone.trim();
  } catch {
    // absent or unreadable: app-config.json is not this store's to judge
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
