import ExcelJS from 'exceljs';
import { badInput } from '../errors';
import { plainCell, type PlainCell } from './cell-value';
import { readMergeRanges, type MergeRange } from './sheet-merges';

/** One row as the sheet has it: its 1-based number, and its cells from column A. */
export interface SheetRow {
  number: number;
  cells: PlainCell[];
}

export interface StreamedSheet {
  name: string;
  /** The number of the sheet's file in the workbook (`xl/worksheets/sheetN.xml`). */
  sheetNo: string;
  /** Must be read (or abandoned) before the next sheet: the workbook is one stream. */
  rows: AsyncIterable<SheetRow>;
}

const unreadable = (filename: string, error: unknown) =>
  badInput(`'${filename}' is not a readable .xlsx workbook (${String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 200)})`);

/**
 * The sheets of a workbook, streamed (exceljs's streaming reader: rows are parsed as the file is
 * read, never the whole workbook in memory). With `fillMerged(name)`, cells covered by a merged
 * range get the range's value; otherwise they are empty, as the sheet shows them.
 */
export async function* streamSheets(xlsxPath: string, filename: string, fillMerged: (sheetName: string) => boolean = () => false): AsyncGenerator<StreamedSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(xlsxPath, { entries: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  let sheetNo = '';
  (reader as unknown as NodeJS.EventEmitter).on('entry', (entry: { type: string; id?: string | number }) => {
    if (entry.type === 'worksheet') sheetNo = String(entry.id);
  });
  const sheets = reader[Symbol.asyncIterator]();
  let previousRows: AsyncIterator<ExcelJS.Row> | null = null;
  for (;;) {
    // A sheet exceljs had to buffer in a temp file (its shared strings came later in the zip) is
    // deleted when the next sheet is asked for; a read of it still pending then fails outside any
    // caller (an uncaught ENOENT). So a sheet the caller skipped is read to its end first.
    if (previousRows) await drain(previousRows, filename);
    let next: IteratorResult<ExcelJS.stream.xlsx.WorksheetReader>;
    try {
      next = await sheets.next();
    } catch (error) {
      throw unreadable(filename, error);
    }
    if (next.done) return;
    const sheet = next.value as ExcelJS.stream.xlsx.WorksheetReader & { name: string };
    const merges = fillMerged(sheet.name) ? await readMergeRanges(xlsxPath, sheetNo).catch((error: unknown) => Promise.reject(unreadable(filename, error))) : [];
    previousRows = sheet[Symbol.asyncIterator]();
    yield { name: sheet.name, sheetNo, rows: rowsOf(previousRows, merges, filename) };
  }
}

async function drain(rows: AsyncIterator<ExcelJS.Row>, filename: string): Promise<void> {
  try {
    while (!(await rows.next()).done);
  } catch (error) {
    throw unreadable(filename, error);
  }
}

async function* rowsOf(iterator: AsyncIterator<ExcelJS.Row>, merges: MergeRange[], filename: string): AsyncGenerator<SheetRow> {
  const masters = new Map<MergeRange, PlainCell>();
  for (;;) {
    let next: IteratorResult<ExcelJS.Row>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw unreadable(filename, error);
    }
    if (next.done) return;
    const row = next.value;
    const values = row.values as ExcelJS.CellValue[]; // 1-based, sparse
    const cells: PlainCell[] = [];
    for (let c = 1; c < values.length; c++) cells.push(plainCell(values[c]));
    for (const merge of merges) {
      if (row.number < merge.top || row.number > merge.bottom) continue;
      if (row.number === merge.top) masters.set(merge, cells[merge.left - 1] ?? null);
      const value = masters.get(merge) ?? null;
      for (let c = merge.left; c <= merge.right; c++) if (!(row.number === merge.top && c === merge.left)) cells[c - 1] = value;
    }
    for (let c = 0; c < cells.length; c++) cells[c] ??= null;
    yield { number: row.number, cells };
  }
}

/** Sheet names with at least one merged range (for inspect): one streamed scan of each sheet's XML. */
export async function mergedSheetNumbers(xlsxPath: string, sheetNos: string[]): Promise<Set<string>> {
  const merged = new Set<string>();
  for (const no of sheetNos) if ((await readMergeRanges(xlsxPath, no)).length > 0) merged.add(no);
  return merged;
}
