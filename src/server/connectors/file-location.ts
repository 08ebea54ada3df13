import fs from 'node:fs';
import path from 'node:path';
import { badInput } from '../errors';

/**
 * The real path of a database file, which must lie inside one of the allowed folders (the
 * uploads folder and the server mounts): a connection must not become a way to read any file
 * the server process can (its key, its own database). Symlinks and `..` are resolved first.
 */
export function resolveDatabaseFile(file: string, allowedDirs: readonly string[]): string {
  // A relative path means "in the uploads folder" (the first allowed folder), not the server's working directory.
  const wanted = path.resolve(allowedDirs[0] ?? '.', file);
  let real: string;
  try {
    real = fs.realpathSync(wanted);
  } catch {
    throw badInput(`The database file '${file}' does not exist`, { database: file });
  }
  const inside = allowedDirs.some((dir) => {
    let root: string;
    try {
      root = fs.realpathSync(dir);
    } catch {
      return false;
    }
    return real === root || real.startsWith(root + path.sep);
  });
  if (!inside) {
    throw badInput(`The database file '${file}' is outside the folders DuckQuery may read (the uploads folder and the server mounts)`, { database: file });
  }
  return real;
}
