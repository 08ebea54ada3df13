import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { quotedIdentifier, quotedString } from '@duckdb/node-api';
import type { Database } from '../db/database';
import { errorMessage } from '../db/errors';
import { badInput } from '../errors';
import { log } from '../log';
import type { ExportFormat } from './task';

/**
 * CSV and Parquet downloads of a task's result table. DuckDB writes the file itself
 * (`COPY … TO`, streaming from the table, never through JavaScript) into the exports folder under
 * a server-made name; the client gets it streamed from disk. Files are deleted after
 * DUCKQUERY_TASK_EXPORT_TTL_MINUTES (at start-up and periodically, task-housekeeping.ts).
 * Only files named like ours are ever deleted: users may COPY their own files into that folder.
 */

export interface TaskExportFile {
  /** The server's file name inside the exports folder (never a client's). */
  exportName: string;
  format: ExportFormat;
  sizeBytes: number;
  contentType: string;
  /** What the browser saves it as: `<table>.<ext>`. */
  downloadName: string;
  expiresAt: Date;
}

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', parquet: 'parquet' };
const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', parquet: 'application/octet-stream' };
const COPY_OPTIONS: Record<ExportFormat, string> = { csv: '(FORMAT csv, HEADER true)', parquet: '(FORMAT parquet)' };

/** `task-<task id>-<uuid>.<ext>`: what this module writes, and all it will read or delete. */
const EXPORT_NAME = /^task-[A-Za-z0-9_-]+-[0-9a-f-]{36}\.(csv|parquet)$/;

export async function exportTable(
  database: Database,
  options: { exportsDir: string; ttlMs: number; taskId: string; table: string; format: ExportFormat },
): Promise<TaskExportFile> {
  const { exportsDir, taskId, table, format } = options;
  fs.mkdirSync(exportsDir, { recursive: true });
  const exportName = `task-${taskId}-${randomUUID()}.${EXTENSIONS[format]}`;
  const filePath = path.join(exportsDir, exportName);
  try {
    await database.read((connection) =>
      connection.run(`COPY (SELECT * FROM ${quotedIdentifier(table)}) TO ${quotedString(filePath)} ${COPY_OPTIONS[format]}`),
    );
  } catch (error) {
    fs.rmSync(filePath, { force: true }); // a half-written file is no export
    throw error;
  }
  return {
    exportName,
    format,
    sizeBytes: fs.statSync(filePath).size,
    contentType: CONTENT_TYPES[format],
    downloadName: `${table}.${EXTENSIONS[format]}`,
    expiresAt: new Date(Date.now() + options.ttlMs),
  };
}

/** Whether the result table is still there (a user may have dropped it since). */
export async function resultTableExists(database: Database, table: string): Promise<boolean> {
  const reader = await database.read((connection) =>
    connection.runAndReadAll(
      `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1`,
      [table],
    ),
  );
  return Number(reader.getRowsJS()[0]![0]) > 0;
}

/** The export as a web stream read from disk, chunk by chunk; BAD_INPUT for a name we did not make. */
export function openExportStream(exportsDir: string, exportName: string): ReadableStream<Uint8Array> {
  if (!EXPORT_NAME.test(exportName)) throw badInput(`'${exportName.slice(0, 100)}' is not an export of a task`);
  const stream = fs.createReadStream(path.join(exportsDir, exportName), { highWaterMark: 1024 * 1024 });
  return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
}

/** Deletes task exports older than `ttlMs`; returns how many. Never throws (housekeeping). */
export function deleteExpiredExports(exportsDir: string, ttlMs: number, now = Date.now()): number {
  let names: string[];
  try {
    names = fs.readdirSync(exportsDir);
  } catch {
    return 0; // no exports folder yet
  }
  let deleted = 0;
  for (const name of names) {
    if (!EXPORT_NAME.test(name)) continue;
    const filePath = path.join(exportsDir, name);
    try {
      const stat = fs.lstatSync(filePath);
      if (!stat.isFile() || now - stat.mtimeMs < ttlMs) continue;
      fs.rmSync(filePath, { force: true });
      deleted++;
    } catch (error) {
      log.warn(`could not delete the old export ${name}: ${errorMessage(error)}`);
    }
  }
  return deleted;
}

/** `Content-Disposition` for any table name: an ASCII fallback plus the UTF-8 name (RFC 6266). */
export function contentDisposition(downloadName: string): string {
  const ascii = downloadName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(downloadName)}`;
}
