import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { errorMessage } from '../db/errors';
import { badInput } from '../errors';
import { startProgress } from '../progress/progress-registry';
import { landTables, type LandTableInput } from '../ingest/land-table';
import { profileSettled } from '../ingest/profile-table';
import { sanitizeTableName } from '../ingest/table-names';
import { getPendingExcel, markPendingExcelImported } from './pending-excel';
import { writeSheetCsv, type SheetFile } from './sheet-csv';
import { createTableFromSheet } from './sheet-to-duckdb';
import { mergedSheetNumbers, streamSheets } from './stream-workbook';

const PREVIEW_ROWS = 5;

export const excelInspectInput = z.object({ file_id: z.string().min(1).max(100) });

export const excelSheetChoice = z.object({
  name: z.string().min(1).max(300),
  target_table: z.string().max(300).optional(),
  mode: z.enum(['replace', 'append', 'fail']).default('fail'),
  header_rows: z.number().int().min(0).max(10).default(1),
  header_row_index: z.number().int().min(1).max(1_048_576).default(1),
  fill_merged: z.boolean().default(false),
});
export const excelImportInput = z.object({
  file_id: z.string().min(1).max(100),
  sheets: z.array(excelSheetChoice).min(1).max(200),
});
export type ExcelSheetChoice = z.output<typeof excelSheetChoice>;

const defaultTableName = (prefix: string, sheet: string) => sanitizeTableName(`${prefix}_${sheet}`);

/** POST /api/data-sources/excel/inspect: every sheet with its size, columns (first row as header), merged-cell flag and first rows. */
export async function inspectExcel(app: AppContext, fileId: string) {
  const pending = await getPendingExcel(app.config, fileId);
  const sheets: { name: string; sheetNo: string; rows: number; columns: string[]; preview: Record<string, unknown>[] }[] = [];
  for await (const sheet of streamSheets(pending.path, pending.original_filename)) {
    const counted = await writeSheetCsv(sheet.rows, { headerRows: 1, headerRowIndex: 1 }, null, PREVIEW_ROWS);
    sheets.push({ name: sheet.name, sheetNo: sheet.sheetNo, rows: counted.rowCount, columns: counted.columns.map((c) => c.name), preview: counted.preview });
  }
  const merged = await mergedSheetNumbers(pending.path, sheets.map((s) => s.sheetNo));
  return {
    file_id: pending.file_id,
    original_filename: pending.original_filename,
    default_table_prefix: pending.default_table_prefix,
    sheets: sheets.map((s) => ({
      name: s.name,
      rows: s.rows,
      has_merged_cells: merged.has(s.sheetNo),
      columns: s.columns,
      preview: s.preview,
      default_table_name: defaultTableName(pending.default_table_prefix, s.name),
    })),
  };
}

/** POST /api/data-sources/excel/import: the chosen sheets of a pending workbook, all in one transaction. */
export async function importExcel(app: AppContext, input: z.output<typeof excelImportInput>, actor: string) {
  const pending = await getPendingExcel(app.config, input.file_id);
  const progress = startProgress({ kind: 'import', label: pending.original_filename, actor, phase: 'reading' });
  const results = await importWorkbookSheets(app, {
    workbookPath: pending.path,
    originalFilename: pending.original_filename,
    tablePrefix: pending.default_table_prefix,
    sheets: input.sheets,
    actor,
    extra: { excel_file_id: pending.file_id },
  }).catch((error: unknown) => {
    progress.fail(errorMessage(error));
    throw error;
  });
  progress.finish({ sourceIds: results.map((r) => r.target_table) });
  await markPendingExcelImported(app.config, pending.file_id);
  return { file_id: pending.file_id, results, progress_id: progress.id };
}

/**
 * Sheets of a workbook on disk into tables, all-or-nothing (landTables): one failing sheet — a
 * taken name with mode 'fail', an empty sheet, a sheet that is not there — imports none. The
 * workbook is streamed once; each chosen sheet's rows go to a temporary CSV as they are read.
 */
export async function importWorkbookSheets(
  app: AppContext,
  input: { workbookPath: string; originalFilename: string; tablePrefix: string; sheets: ExcelSheetChoice[]; actor: string; extra?: Record<string, unknown> },
) {
  const tmpDir = path.join(app.config.uploadsDir, 'tmp');
  const files = new Map<ExcelSheetChoice, SheetFile>();
  try {
    for await (const sheet of streamSheets(input.workbookPath, input.originalFilename, (name) => input.sheets.some((c) => c.name === name && c.fill_merged))) {
      const choices = input.sheets.filter((c) => c.name === sheet.name);
      if (choices.length === 0) continue; // not chosen: streamSheets reads past its rows
      if (choices.length > 1) throw badInput(`Sheet '${sheet.name}' is chosen twice`, { sheet: sheet.name });
      const choice = choices[0]!;
      files.set(choice, await writeSheetCsv(sheet.rows, { headerRows: choice.header_rows, headerRowIndex: choice.header_row_index }, tmpDir));
    }
    const lands: LandTableInput[] = input.sheets.map((choice) => {
      const file = files.get(choice);
      if (!file) throw badInput(`The workbook has no sheet named '${choice.name}'`, { sheet: choice.name });
      if (file.columns.length === 0) throw badInput(`Sheet '${choice.name}' has no data at or below row ${choice.header_row_index}`, { sheet: choice.name });
      return {
        tableName: sanitizeTableName(choice.target_table?.trim() || defaultTableName(input.tablePrefix, choice.name)),
        ifExists: choice.mode,
        build: (connection, staging) => createTableFromSheet(connection, staging, file),
        source: {
          filename: input.originalFilename,
          file_path: input.workbookPath,
          file_type: 'excel_sheet',
          extra: {
            ...input.extra,
            sheet_name: choice.name,
            source_file: input.originalFilename,
            header_rows: choice.header_rows,
            header_row_index: choice.header_row_index,
            fill_merged: choice.fill_merged,
          },
        },
        actor: input.actor,
      };
    });
    const landed = await landTables(app, lands);
    const results = [];
    for (const [i, source] of landed.entries()) {
      await profileSettled(source.source_id);
      const saved = await app.stores.fileSources.get(source.source_id);
      const choice = input.sheets[i]!;
      results.push({
        sheet_name: choice.name,
        target_table: source.source_id,
        mode: choice.mode,
        row_count: source.row_count,
        column_count: source.column_count,
        columns: source.columns,
        column_profiles: saved?.column_profiles ?? null,
        header_rows: choice.header_rows,
        header_row_index: choice.header_row_index,
      });
    }
    return results;
  } finally {
    for (const file of files.values()) if (file.path) fs.rmSync(file.path, { force: true });
  }
}
