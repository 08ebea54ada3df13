import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { listBackups, moveToBackup, newestBackup } from '@/server/legacy-import/backup';

describe('backups of imported legacy files', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duckquery-backup-'));
    file = path.join(dir, 'sql-favorites.json');
  });
  const write = (content: string) => fs.writeFileSync(file, content);
  const at = new Date('2025-10-11T12:00:00Z');

  it('is <name>.bak first, then <name>.<YYYYMMDDTHHMMSS>.bak, never overwriting one', () => {
    write('first');
    expect(moveToBackup(file, at)).toBe(`${file}.bak`);
    write('second');
    expect(moveToBackup(file, at)).toBe(`${file}.20251011T120000.bak`);
    write('third');
    expect(moveToBackup(file, at)).toBe(`${file}.20251011T120000-2.bak`);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('first');
    expect(fs.readFileSync(`${file}.20251011T120000.bak`, 'utf8')).toBe('second');
    expect(fs.readFileSync(`${file}.20251011T120000-2.bak`, 'utf8')).toBe('third');
  });

  it('lists backups newest first', () => {
    for (const name of ['x.bak', 'x.20250101T000000.bak', 'x.20251011T120000.bak', 'x.20251011T120000-2.bak', 'x.20251011T120000-10.bak', 'other.bak']) {
      fs.writeFileSync(path.join(dir, name.replace(/^x/, 'sql-favorites.json')), name);
    }
    expect(listBackups(file).map((p) => path.basename(p))).toEqual([
      'sql-favorites.json.20251011T120000-10.bak',
      'sql-favorites.json.20251011T120000-2.bak',
      'sql-favorites.json.20251011T120000.bak',
      'sql-favorites.json.20250101T000000.bak',
      'sql-favorites.json.bak',
    ]);
    expect(newestBackup(path.join(dir, 'missing.json'))).toBeNull();
  });

  it('finishes a move cut short between link and unlink without making a second backup', () => {
    write('content');
    fs.linkSync(file, `${file}.bak`); // what a crash after the link leaves behind
    expect(moveToBackup(file, at)).toBe(`${file}.bak`);
    expect(fs.readdirSync(dir)).toEqual(['sql-favorites.json.bak']);
  });
});
