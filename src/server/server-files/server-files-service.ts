import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import type { AppConfig, ServerMount } from '../config';
import { badInput, DomainError } from '../errors';
import { extensionOf, fileTypeFromName, SUPPORTED_EXTENSIONS } from '../ingest/file-types';
import { ingestStoredFile } from '../ingest/ingest-stored-file';
import { tableNameForFile } from '../ingest/table-names';
import { withProgress } from '../ingest/with-progress';
import { isInside, resolveInside } from './containment';

export const serverPathInput = z.object({ path: z.string().min(1, 'path is required').max(4096) });
export const serverImportInput = serverPathInput.extend({
  table_alias: z.string().max(1000).nullish(),
  /** Legacy: rename (a taken name gets `_YYYYMMDDHHMM`). */
  if_exists: z.enum(['rename', 'replace', 'fail', 'append']).default('rename'),
});

const READABLE = SUPPORTED_EXTENSIONS.filter((e) => e !== 'xls' && e !== 'xlsx');

/** GET /api/server_files/mounts: the configured folders, and whether each is there. */
export async function listMounts(config: AppConfig) {
  return Promise.all(
    config.serverMounts.map(async (m) => ({ label: m.label, path: m.path, exists: await fs.stat(m.path).then((s) => s.isDirectory(), () => false) })),
  );
}

/**
 * Where a requested path is: its mount (the deepest one whose folder holds the path, by name) and
 * its real path, which must still be inside that mount once every symlink is followed
 * (containment.ts). `..`, NUL bytes and relative paths are refused before anything is touched.
 */
async function locate(config: AppConfig, requested: string): Promise<{ mount: ServerMount; real: string; shown: string }> {
  if (requested.includes('\u0000')) throw badInput('The path contains a NUL byte');
  if (!path.isAbsolute(requested)) throw badInput('The path must be absolute (start from a server folder)');
  if (requested.split(/[\\/]/).includes('..')) throw badInput("The path must not contain '..'");
  const shown = path.resolve(/*turbopackIgnore: true*/ requested);
  const mount = config.serverMounts.filter((m) => isInside(m.path, shown)).sort((a, b) => b.path.length - a.path.length)[0];
  if (!mount) throw badInput('The path is outside the server folders');
  const real = await resolveInside(mount.path, path.relative(mount.path, shown) || '.');
  return { mount, real, shown };
}

/** GET /api/server_files?path=: a folder's entries, folders first; symlinks leading out of the mount are not shown. */
export async function browse(config: AppConfig, requested: string) {
  const { mount, real, shown } = await locate(config, requested);
  const stat = await fs.stat(real);
  if (!stat.isDirectory()) throw badInput('The path is a file, not a folder');
  let names: string[];
  try {
    names = await fs.readdir(real);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES') throw new DomainError('FORBIDDEN', 'The folder cannot be read by the server');
    throw error;
  }
  const realRoot = await fs.realpath(mount.path);
  const entries = [];
  for (const name of names) {
    const target = await fs.realpath(path.join(real, name)).catch(() => null);
    if (!target || !isInside(realRoot, target)) continue; // a dangling link, or one leading out of the mount
    const entryStat = await fs.stat(target).catch(() => null);
    if (!entryStat || !(entryStat.isDirectory() || entryStat.isFile())) continue;
    const entryPath = path.join(shown, name);
    if (entryStat.isDirectory()) {
      entries.push({ name, path: entryPath, modified: entryStat.mtime.toISOString(), type: 'directory' as const });
    } else {
      const extension = extensionOf(name);
      const supported = READABLE.includes(extension);
      entries.push({
        name,
        path: entryPath,
        modified: entryStat.mtime.toISOString(),
        type: 'file' as const,
        size: entryStat.size,
        extension,
        supported,
        ...(supported ? { suggested_table_name: tableNameForFile(name) } : {}),
      });
    }
  }
  entries.sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === 'directory' ? -1 : 1));
  return { path: shown, entries, breadcrumbs: breadcrumbs(mount, shown), mount: { label: mount.label, path: mount.path } };
}

function breadcrumbs(mount: ServerMount, shown: string) {
  const crumbs = [{ name: mount.label, path: mount.path, is_root: true }];
  let current = mount.path;
  for (const segment of path.relative(mount.path, shown).split(path.sep).filter(Boolean)) {
    current = path.join(current, segment);
    crumbs.push({ name: segment, path: current, is_root: false });
  }
  return crumbs;
}

/** POST /api/server_files/import: a file of a server folder read in place by DuckDB (never copied, never deleted). */
export async function importServerFile(app: AppContext, input: z.output<typeof serverImportInput>, actor: string) {
  const { mount, real } = await locate(app.config, input.path);
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw badInput('The path is a folder, not a file');
  const name = path.basename(input.path);
  if (fileTypeFromName(name) === 'xlsx') throw badInput('Excel workbooks from server folders cannot be imported yet: upload the workbook instead');
  return withProgress(
    { kind: 'import', label: name, actor },
    async (progress) => {
      const source = await ingestStoredFile(app, {
        storedPath: real,
        originalFilename: name,
        tableAlias: input.table_alias,
        ifExists: input.if_exists,
        actor,
        progress,
        extra: { mount_label: mount.label, source_type: 'server_directory' },
      });
      return { source, mountLabel: mount.label };
    },
    (r) => ({ sourceId: r.source.source_id }),
  );
}

