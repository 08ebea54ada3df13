import fs from 'node:fs/promises';
import type { AppContext } from '../app-context';
import { errorMessage } from '../db/errors';
import { badInput, isDomainError, notFound } from '../errors';
import { importWorkbookSheets } from '../excel/excel-service';
import type { FileSource } from '../file-sources/file-source';
import { containingRoot } from '../server-files/containment';
import type { CsvOptions } from './duckdb-readers';
import type { FileType } from './file-types';
import { ingestStoredFile } from './ingest-stored-file';
import { sanitizeTableName } from './table-names';
import { downloadUrlToFile } from './url/download-url';

/** Types read straight from their file; legacy spellings included. */
const READ_AS: Record<string, FileType> = { csv: 'csv', tsv: 'tsv', json: 'json', jsonl: 'jsonl', parquet: 'parquet', pq: 'parquet', pasted: 'csv' };
/** Fields landTable writes itself: not carried over to the re-import. */
const LANDING_FIELDS = ['landing_id', 'profile_status', 'profile_error', 'ingest_mode'];

export interface ReloadReport {
  /** Sources whose table existed: left alone. */
  present: number;
  reloaded: { source_id: string; row_count: number | null }[];
  /** Could not be re-imported, and why (never an error of reloadAll itself). */
  skipped: { source_id: string; reason: string }[];
}

/**
 * Walks every file-source row: a source whose table is missing is re-imported from its file (or
 * downloaded again from its URL) when that is still there; the others are reported with the
 * reason. One source failing never stops the walk.
 */
export async function reloadAll(app: AppContext, actor: string): Promise<ReloadReport> {
  const report: ReloadReport = { present: 0, reloaded: [], skipped: [] };
  const sources = await allSources(app);
  const existing = await app.database.read(async (c) =>
    new Set(
      (await c.runAndReadAll(`SELECT lower(table_name) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'`))
        .getRowsJS()
        .map(([name]) => String(name)),
    ),
  );
  for (const source of sources) {
    if (existing.has(source.source_id.toLowerCase())) {
      report.present++;
      continue;
    }
    try {
      const landed = await reimport(app, source, actor);
      report.reloaded.push({ source_id: landed.source_id, row_count: landed.row_count });
    } catch (error) {
      report.skipped.push({ source_id: source.source_id, reason: isDomainError(error) ? error.message : `re-import failed: ${errorMessage(error).split('\n')[0]}` });
    }
  }
  return report;
}

/** Re-imports one source now, from its file or URL, replacing its table. */
export async function refreshSource(app: AppContext, sourceId: string, actor: string): Promise<FileSource> {
  const source = await app.stores.fileSources.get(sourceId);
  if (!source) throw notFound('File source', sourceId);
  return reimport(app, source, actor);
}

async function reimport(app: AppContext, source: FileSource, actor: string): Promise<FileSource> {
  // A re-import lands under the same name; legacy names DuckQuery would not make (spaces…) cannot be.
  if (sanitizeTableName(source.source_id) !== source.source_id) throw badInput(`not refreshable: the table name '${source.source_id}' has characters DuckQuery does not use in names`);
  const extra = Object.fromEntries(Object.entries(source.extra).filter(([key]) => !LANDING_FIELDS.includes(key)));
  const csv = (extra.csv_options ?? {}) as CsvOptions;
  const common = { originalFilename: source.filename, tableAlias: source.source_id, ifExists: 'replace' as const, actor, extra, csv };

  if (typeof extra.source_url === 'string') {
    const readAs = READ_AS[source.file_type];
    const download = await downloadUrlToFile(app, { url: extra.source_url, fileType: readAs ?? null });
    try {
      const landed = await ingestStoredFile(app, { ...common, storedPath: download.storedPath, fileType: download.fileType, originalFilename: download.fileName });
      if (source.file_path && source.file_path !== download.storedPath && (await isOurUpload(app, source.file_path))) await fs.rm(source.file_path, { force: true });
      return landed;
    } catch (error) {
      await fs.rm(download.storedPath, { force: true });
      throw error;
    }
  }
  if (!source.file_path || !(await exists(source.file_path))) {
    throw badInput(`not refreshable: it has no source file${source.file_path ? ' (the file is gone)' : ''} and no URL`);
  }
  if (source.file_type === 'excel_sheet' && typeof extra.sheet_name === 'string') {
    const [result] = await importWorkbookSheets(app, {
      workbookPath: source.file_path,
      originalFilename: source.filename,
      tablePrefix: source.source_id,
      sheets: [
        {
          name: extra.sheet_name,
          target_table: source.source_id,
          mode: 'replace',
          header_rows: Number(extra.header_rows ?? 1),
          header_row_index: Number(extra.header_row_index ?? 1),
          fill_merged: Boolean(extra.fill_merged),
        },
      ],
      actor,
      extra: Object.fromEntries(Object.entries(extra).filter(([k]) => !['sheet_name', 'source_file', 'header_rows', 'header_row_index', 'fill_merged'].includes(k))),
    });
    return (await app.stores.fileSources.get(result!.target_table))!;
  }
  const fileType = READ_AS[source.file_type];
  if (!fileType) throw badInput(`not refreshable: a '${source.file_type}' source is not read from a file`);
  return ingestStoredFile(app, { ...common, storedPath: source.file_path, fileType, recordedFileType: source.file_type });
}

async function allSources(app: AppContext): Promise<FileSource[]> {
  const all: FileSource[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await app.stores.fileSources.list({ limit: 1000, offset, includeProfiles: false, sortBy: 'created_at', sortDirection: 'asc' });
    all.push(...page.items);
    if (page.items.length < 1000) return all;
  }
}

const exists = (p: string) => fs.stat(p).then((s) => s.isFile(), () => false);
const isOurUpload = async (app: AppContext, p: string) => (await containingRoot([app.config.uploadsDir], p)) !== null;
