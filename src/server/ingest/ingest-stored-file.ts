import fs from 'node:fs/promises';
import { quotedIdentifier, type DuckDBConnection } from '@duckdb/node-api';
import type { AppContext } from '../app-context';
import { badInput, isDomainError } from '../errors';
import type { FileSource } from '../file-sources/file-source';
import type { ProgressHandle } from '../progress/progress-registry';
import { serializeValue } from '../query/serialize-value';
import { containingRoot } from '../server-files/containment';
import { readerCall, refuseSkippedLines, sniffCsv, suspectedDelimiter, type CsvOptions } from './duckdb-readers';
import { resolveFileType, type FileType } from './file-types';
import { landTable, type LandTableInput } from './land-table';
import { readError } from './read-errors';
import { removeIfOrphaned } from './orphaned-upload';
import { sanitizeTableName, tableNameForFile, uniqueTableName } from './table-names';

/** replace | fail | append as landTable; `rename` = the legacy routes' rule: a taken name gets `_YYYYMMDDHHMM`. */
export type IfExists = LandTableInput['ifExists'] | 'rename';

export interface IngestStoredFileInput {
  /** A file already on disk, inside config.uploadsDir or a server mount. Never deleted here: the caller owns it. */
  storedPath: string;
  /** The client's name for the file: metadata, and the default table name. */
  originalFilename: string;
  /** Read as this type; unset = from the extension, then the content. */
  fileType?: FileType | null;
  /** The table name asked for (sanitised); unset = from the file name. */
  tableAlias?: string | null;
  ifExists: IfExists;
  actor: string;
  /** Phases and bytes are reported here; the caller ends it (finish/fail). */
  progress?: ProgressHandle;
  signal?: AbortSignal;
  /** Extra fields for the file-source row (source_url, mount_label, …). */
  extra?: Record<string, unknown>;
  csv?: CsvOptions;
  /** file_type written to the row when it differs from the format read (a paste is `pasted`, read as CSV). */
  recordedFileType?: string;
}

/**
 * Imports a stored CSV/TSV, Parquet or JSON/NDJSON file with DuckDB's own readers into a table,
 * landed with its file-source row (landTable). Excel workbooks are imported per sheet (src/server/excel).
 */
export async function ingestStoredFile(app: AppContext, input: IngestStoredFileInput): Promise<FileSource> {
  const { storedPath, originalFilename: filename } = input;
  if (!(await containingRoot([app.config.uploadsDir, ...app.config.serverMounts.map((m) => m.path)], storedPath))) {
    throw badInput('The file is not in the uploads folder or a server folder');
  }
  const fileType = await resolveFileType(storedPath, filename, input.fileType);
  if (fileType === 'xlsx') throw badInput(`'${filename}' is an Excel workbook: choose its sheets to import (Excel inspect / import)`, { requires_sheet_selection: true });
  const size = (await fs.stat(storedPath)).size;
  input.progress?.update({ phase: 'reading', bytesTotal: size, bytesDone: 0 });

  const csv = { ...input.csv };
  if (fileType === 'csv' || fileType === 'tsv') {
    if (!csv.encoding && (await startsWithUtf16Bom(storedPath))) csv.encoding = 'utf-16';
    const sniffed = await app.database.read((connection) => sniffCsv(connection, storedPath, filename, csv, fileType));
    refuseSkippedLines(sniffed, filename);
    if (!csv.delimiter) csv.delimiter = suspectedDelimiter(sniffed) ?? undefined;
  }
  const reader = readerCall(fileType, storedPath, csv);
  const build: LandTableInput['build'] = async (connection, staging) => {
    const stopWatching = watchProgress(connection, size, input.progress);
    try {
      await connection.run(`CREATE TABLE ${quotedIdentifier(staging)} AS SELECT * FROM ${reader.sql}`, reader.params);
    } catch (error) {
      throw readError(error, storedPath, filename);
    } finally {
      stopWatching();
    }
  };
  const base = input.tableAlias?.trim() ? sanitizeTableName(input.tableAlias) : tableNameForFile(filename);
  // The CSV options chosen are kept, so a reload reads the file the same way.
  const chosenCsv = Object.fromEntries(Object.entries(input.csv ?? {}).filter(([, v]) => v !== null && v !== undefined));
  const extra = Object.keys(chosenCsv).length > 0 ? { ...input.extra, csv_options: chosenCsv } : input.extra;
  const source = { filename, file_path: storedPath, file_type: input.recordedFileType ?? fileType, extra };
  const land = (tableName: string, ifExists: LandTableInput['ifExists']) =>
    landTable(app, { tableName, ifExists, build, source, actor: input.actor, signal: input.signal });

  const replaced = input.ifExists === 'replace' ? ((await app.stores.fileSources.get(base))?.file_path ?? null) : null;
  const landed = await (input.ifExists === 'rename' ? landUnderFreeName(app, base, (name) => land(name, 'fail')) : land(base, input.ifExists));
  if (replaced && replaced !== storedPath) await removeIfOrphaned(app, replaced);
  input.progress?.update({ phase: 'landed', bytesDone: size, rowsDone: landed.row_count ?? 0, rowsTotal: landed.row_count });
  return landed;
}

/** The legacy rule: the name, or with `_YYYYMMDDHHMM` when taken; a concurrent import taking the free name first → try again. */
export async function landUnderFreeName<T>(app: AppContext, base: string, land: (name: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const name = await app.database.read((connection) => uniqueTableName(connection, base));
    try {
      return await land(name);
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'CONFLICT') || attempt >= 10) throw error;
    }
  }
}

/** DuckDB reports how far a statement is; turned into bytes read (an estimate) every half second. */
function watchProgress(connection: DuckDBConnection, size: number, progress: ProgressHandle | undefined): () => void {
  if (!progress) return () => undefined;
  const timer = setInterval(() => {
    const percentage = connection.progress.percentage;
    if (percentage > 0) progress.update({ bytesDone: Math.min(size, Math.round((size * percentage) / 100)) });
  }, 500);
  return () => clearInterval(timer);
}

async function startsWithUtf16Bom(filePath: string): Promise<boolean> {
  const handle = await fs.open(filePath, 'r');
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  } finally {
    await handle.close();
  }
}

/** Up to `limit` rows of a table, JSON-safe (the legacy `preview_data`). */
export async function previewRows(app: AppContext, table: string, limit = 10) {
  return app.database.read(async (connection) => {
    const reader = await connection.runAndReadAll(`SELECT * FROM ${quotedIdentifier(table)} LIMIT ${Math.max(0, Math.floor(limit))}`);
    const names = reader.columnNames();
    return reader.getRows().map((row) => Object.fromEntries(names.map((name, i) => [name, serializeValue(row[i] ?? null)])));
  });
}
