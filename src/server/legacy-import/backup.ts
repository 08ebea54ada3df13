import fs from 'node:fs';
import path from 'node:path';

/**
 * Backups of imported legacy files, beside them: `<name>.bak`, and when that exists
 * `<name>.<YYYYMMDDTHHMMSS>.bak` (UTC, so names sort in time order across DST changes;
 * `-2`, `-3`… within one second). A backup is never overwritten.
 */

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function stampedPattern(name: string): RegExp {
  return new RegExp(`^${escape(name)}\\.(\\d{8}T\\d{6})(?:-(\\d+))?\\.bak$`);
}

/** Every backup of `filePath`, newest first: timestamped ones by time, then the plain `.bak`. */
export function listBackups(filePath: string): string[] {
  const dir = path.dirname(filePath);
  const name = path.basename(filePath);
  const pattern = stampedPattern(name);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const stamped = names
    .map((candidate) => ({ candidate, match: pattern.exec(candidate) }))
    .filter((entry): entry is { candidate: string; match: RegExpExecArray } => entry.match !== null)
    .sort((a, b) => b.match[1]!.localeCompare(a.match[1]!) || Number(b.match[2] ?? 1) - Number(a.match[2] ?? 1))
    .map((entry) => path.join(dir, entry.candidate));
  const plain = names.includes(`${name}.bak`) ? [path.join(dir, `${name}.bak`)] : [];
  return [...stamped, ...plain];
}

export function newestBackup(filePath: string): string | null {
  return listBackups(filePath)[0] ?? null;
}

export function backupStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').slice(0, 15); // 20251011T120000
}

/**
 * Moves an imported file to its backup and returns the backup's path. Hard link + unlink, so an
 * existing name is never replaced (link fails with EEXIST). A crash between the two leaves the
 * original beside a backup of the same inode; the next call only removes the original.
 */
export function moveToBackup(filePath: string, now = new Date()): string {
  const original = fs.statSync(filePath);
  for (const backup of listBackups(filePath)) {
    const stat = fs.statSync(backup, { throwIfNoEntry: false });
    if (stat && stat.ino === original.ino && stat.dev === original.dev) {
      fs.unlinkSync(filePath);
      return backup;
    }
  }
  const name = path.basename(filePath);
  const dir = path.dirname(filePath);
  const stamp = backupStamp(now);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const candidate = path.join(dir, attempt === 0 ? `${name}.bak` : `${name}.${stamp}${attempt === 1 ? '' : `-${attempt}`}.bak`);
    if (placeWithoutOverwrite(filePath, candidate)) return candidate;
  }
  throw new Error(`no free backup name for ${name}`);
}

function placeWithoutOverwrite(filePath: string, candidate: string): boolean {
  try {
    fs.linkSync(filePath, candidate);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    // No hard links on this file system: check, then rename (one importer per database at a time).
    if (fs.existsSync(candidate)) return false;
    fs.renameSync(filePath, candidate);
    return true;
  }
  fs.unlinkSync(filePath);
  return true;
}
