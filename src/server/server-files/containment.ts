import fs from 'node:fs/promises';
import path from 'node:path';
import { badInput, DomainError, notFound } from '../errors';

/**
 * The real path of `requested` if it lies inside `root` — a real containment check, not a string
 * prefix test: both sides are resolved to real paths (symlinks followed), and the target must be
 * the root itself or start with root + separator (so `/mnt/data2` is not inside `/mnt/data`).
 * `..` segments and NUL bytes are refused outright. A relative `requested` is taken from `root`.
 */
export async function resolveInside(root: string, requested: string): Promise<string> {
  if (requested.includes('\u0000')) throw badInput('The path contains a NUL byte');
  if (requested.split(/[\\/]/).includes('..')) throw badInput("The path must not contain '..'");
  const realRoot = await realpathOrNull(root);
  if (!realRoot) throw new DomainError('UNAVAILABLE', 'The folder is not available on the server');
  const real = await realpathOrNull(path.resolve(/*turbopackIgnore: true*/ realRoot, requested));
  if (!real) throw notFound('Path', requested);
  if (!isInside(realRoot, real)) throw badInput('The path is outside the allowed folders');
  return real;
}

/** Pure check on already-resolved paths: `target` is `root` or below it. */
export function isInside(root: string, target: string): boolean {
  const base = root.endsWith(path.sep) ? root : root + path.sep;
  return target === root || target.startsWith(base);
}

/** Is `file` (resolved) inside any of `roots` (resolved)? Answers the matching root, or null. */
export async function containingRoot(roots: string[], file: string): Promise<string | null> {
  const real = await realpathOrNull(file);
  if (!real) return null;
  for (const root of roots) {
    const realRoot = await realpathOrNull(root);
    if (realRoot && isInside(realRoot, real)) return root;
  }
  return null;
}

async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch {
    return null;
  }
}
