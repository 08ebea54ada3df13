import { badInput } from '../errors';

/** A client's file name is metadata; longer than this it is not a file name. */
export const MAX_CLIENT_FILENAME = 1024;

/**
 * The client's name for a file, as metadata: its last path segment only (a name like `../../x` or
 * `C:\temp\x.csv` never reaches a path), refused when empty, over 1024 characters or holding
 * control characters (a NUL byte, a line break). Storage names are always made by the server.
 */
export function clientFilename(raw: string | null | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop()!.trim();
  if (!base || base === '.' || base === '..') throw badInput('The file has no name');
  if (/[\u0000-\u001f\u007f]/.test(base)) throw badInput('The file name contains control characters (a NUL byte, a line break…)');
  if (base.length > MAX_CLIENT_FILENAME) throw badInput(`The file name is longer than ${MAX_CLIENT_FILENAME} characters`);
  return base;
}
