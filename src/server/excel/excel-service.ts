import path from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { errorMessage } from '../db/errors';
import { badInput } from '../errors';
import { startProgress } from '../progress/progress-registry';
import { landTables, type LandTableInput } from '../ingest/land-table';
import { profileSettled } from '../ingest/profile-table';
import { sanitizeTableName } from '../ingest/table-names';
import { cellText, type PlainCell } from './cell-value';
import { getPendingExcel, markPendingExcelImported } from './pending-excel';
import { hasMergedCells, loadWorkbook, sheetGrid } from './read-workbook';
import { sheetTable } from './sheet-table';
import { createTableFromSheet } from './sheet-to-duckdb';

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
const jsonCell = (cell: PlainCell) => (cell instanceof Date ? cellText(cell) : cell);

/** POST /api/data-sources/excel/inspect: every sheet with its size, columns (first row as header), merged-cell flag and first rows. */
export async function inspectExcel(app: AppContext, fileId: string) {
  const pending = await getPendingExcel(app.config, fileId);
  const workbook = await loadWorkbook(pending.path, pending.original_filename);
  return {
    file_id: pending.file_id,
    original_filename: pending.original_filename,
    default_table_prefix: pending.default_table_prefix,
    sheets: workbook.worksheets.map((sheet) => {
      const table = sheetTable(sheetGrid(sheet, false), { headerRows: 1, headerRowIndex: 1 });
      return {
        name: sheet.name,
        rows: table.rows.length,
        has_merged_cells: hasMergedCells(sheet),
        columns: table.columns,
        preview: table.rows.slice(0, PREVIEW_ROWS).map((row) => Object.fromEntries(table.columns.map((c, i) => [c, jsonCell(row[i] ?? null)]))),
        default_table_name: defaultTableName(pending.default_table_prefix, sheet.name),
      };
    }),
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
 * taken name with mode 'fail', an empty sheet, a sheet that is not there — imports none.
 */
export async function importWorkbookSheets(
  app: AppContext,
  input: { workbookPath: string; originalFilename: string; tablePrefix: string; sheets: ExcelSheetChoice[]; actor: string; extra?: Record<string, unknown> },
) {
  const workbook = await loadWorkbook(input.workbookPath, input.originalFilename);
  const tmpDir = path.join(app.config.uploadsDir, 'tmp');
  const lands: LandTableInput[] = input.sheets.map((choice) => {
    const sheet = workbook.getWorksheet(choice.name);
    if (!sheet) throw badInput(`The workbook has no sheet named '${choice.name}'`, { sheet: choice.name });
    const table = sheetTable(sheetGrid(sheet, choice.fill_merged), { headerRows: choice.header_rows, headerRowIndex: choice.header_row_index });
    if (table.columns.length === 0) throw badInput(`Sheet '${choice.name}' has no data at or below row ${choice.header_row_index}`, { sheet: choice.name });
    return {
      tableName: sanitizeTableName(choice.target_table?.trim() || defaultTableName(input.tablePrefix, choice.name)),
      ifExists: choice.mode,
      build: (connection, staging) => createTableFromSheet(connection, staging, table, tmpDir),
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
}
