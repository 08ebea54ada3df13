import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config';
import { notFound } from '../errors';
import { sanitizeTableName, tableNameForFile } from '../ingest/table-names';

/** A workbook received and waiting for the user to choose its sheets (legacy `pending_excel`). */
export interface PendingExcel {
  file_id: string;
  original_filename: string;
  file_size: number;
  table_alias: string | null;
  uploaded_at: string;
  default_table_prefix: string;
  /** Set once sheets were imported from it. */
  imported_at?: string;
}

/** Workbooks nobody imported are removed after this long. */
const PENDING_KEPT_MS = 24 * 60 * 60_000;
const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const folder = (config: AppConfig) => path.join(config.uploadsDir, 'excel');
export const workbookPath = (config: AppConfig, fileId: string) => path.join(folder(config), `${fileId}.xlsx`);
const metaPath = (config: AppConfig, fileId: string) => path.join(folder(config), `${fileId}.json`);

/**
 * Moves a received workbook into the pending folder under a server-made id, with its metadata
 * beside it (a small JSON file: the workbook is a file on disk anyway, and the pair is removed
 * together). Old pending workbooks are cleaned up on the way.
 */
export async function registerPendingExcel(
  config: AppConfig,
  input: { storedPath: string; originalFilename: string; fileSize: number; tableAlias?: string | null },
): Promise<PendingExcel> {
  await fs.mkdir(folder(config), { recursive: true });
  await removeStalePending(config);
  const fileId = randomUUID();
  const pending: PendingExcel = {
    file_id: fileId,
    original_filename: input.originalFilename,
    file_size: input.fileSize,
    table_alias: input.tableAlias?.trim() || null,
    uploaded_at: new Date().toISOString(),
    default_table_prefix: input.tableAlias?.trim() ? sanitizeTableName(input.tableAlias) : tableNameForFile(input.originalFilename),
  };
  await fs.rename(input.storedPath, workbookPath(config, fileId));
  await fs.writeFile(metaPath(config, fileId), JSON.stringify(pending), { mode: 0o600 });
  return pending;
}

/** The pending workbook `fileId`; 404 when unknown (or not an id we make). */
export async function getPendingExcel(config: AppConfig, fileId: string): Promise<PendingExcel & { path: string }> {
  if (!FILE_ID.test(fileId)) throw notFound('Excel file', fileId.slice(0, 80));
  try {
    const pending = JSON.parse(await fs.readFile(metaPath(config, fileId), 'utf8')) as PendingExcel;
    await fs.access(workbookPath(config, fileId));
    return { ...pending, path: workbookPath(config, fileId) };
  } catch {
    throw notFound('Excel file', fileId);
  }
}

/** Once sheets were imported from it, the workbook is their source file (reload reads it again): never cleaned up. */
export async function markPendingExcelImported(config: AppConfig, fileId: string): Promise<void> {
  const pending = JSON.parse(await fs.readFile(metaPath(config, fileId), 'utf8')) as PendingExcel;
  await fs.writeFile(metaPath(config, fileId), JSON.stringify({ ...pending, imported_at: new Date().toISOString() }), { mode: 0o600 });
}

async function removeStalePending(config: AppConfig): Promise<void> {
  const cutoff = Date.now() - PENDING_KEPT_MS;
  for (const name of await fs.readdir(folder(config)).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const meta = path.join(folder(config), name);
    const stat = await fs.stat(meta).catch(() => null);
    if (!stat || stat.mtimeMs >= cutoff) continue;
    const pending = JSON.parse(await fs.readFile(meta, 'utf8').catch(() => '{}')) as { imported_at?: string };
    if (pending.imported_at) continue;
    await fs.rm(meta, { force: true });
    await fs.rm(meta.replace(/\.json$/, '.xlsx'), { force: true });
  }
}
