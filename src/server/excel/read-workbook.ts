import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { badInput } from '../errors';
import { plainCell, type PlainCell } from './cell-value';

/**
 * exceljs reads a workbook whole (its streaming reader drops merged-cell ranges, which the import
 * needs), so workbooks are capped: an .xlsx of this size already holds millions of cells.
 * Larger data belongs in CSV or Parquet, which stream.
 */
export const MAX_WORKBOOK_BYTES = 200 * 1024 * 1024;

export async function loadWorkbook(filePath: string, filename: string): Promise<ExcelJS.Workbook> {
  const { size } = await fs.stat(filePath);
  if (size > MAX_WORKBOOK_BYTES) {
    throw badInput(`'${filename}' is larger than ${MAX_WORKBOOK_BYTES / 1024 / 1024} MiB, the largest Excel workbook DuckQuery reads: save its sheets as CSV and upload those`);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(filePath);
  } catch (error) {
    throw badInput(`'${filename}' is not a readable .xlsx workbook (${String((error as Error)?.message ?? error).slice(0, 200)})`);
  }
  return workbook;
}

export function hasMergedCells(sheet: ExcelJS.Worksheet): boolean {
  return ((sheet.model as { merges?: string[] }).merges ?? []).length > 0;
}

/**
 * The sheet as a grid of plain cells (row 1 = grid[0]). Cells covered by a merged range hold the
 * range's value when `fillMerged`, else null (as the sheet shows them: only the first cell has it).
 */
export function sheetGrid(sheet: ExcelJS.Worksheet, fillMerged: boolean, maxRows = Infinity): PlainCell[][] {
  const grid: PlainCell[][] = [];
  const rows = Math.min(sheet.rowCount, maxRows);
  const columns = sheet.columnCount;
  for (let r = 1; r <= rows; r++) {
    const row = sheet.getRow(r);
    const cells: PlainCell[] = [];
    for (let c = 1; c <= columns; c++) {
      const cell = row.getCell(c);
      const covered = cell.isMerged && cell.master.address !== cell.address;
      cells.push(covered && !fillMerged ? null : plainCell(cell.value));
    }
    grid.push(cells);
  }
  return grid;
}
