import { uniqueColumnNames } from '../connectors/unique-names';
import { badInput } from '../errors';
import { cellText, type PlainCell } from './cell-value';

export interface HeaderLayout {
  /** Rows making up the header (0 = none: columns are named column_1…); several are joined with `_`. */
  headerRows: number;
  /** The 1-based row where the header starts (rows above it are skipped). */
  headerRowIndex: number;
}

export interface SheetTable {
  columns: string[];
  rows: PlainCell[][];
  /** Per column: did any data cell hold text? (Then it stays text: `00123` keeps its zeros.) */
  textColumns: boolean[];
}

const isEmpty = (cell: PlainCell) => cell === null || (typeof cell === 'string' && cell.trim() === '');

/** A grid cut into header and data rows: column names from the header, empty rows and empty unnamed columns dropped. */
export function sheetTable(grid: PlainCell[][], layout: HeaderLayout): SheetTable {
  if (layout.headerRows < 0 || layout.headerRows > 10) throw badInput('header_rows must be between 0 and 10');
  if (layout.headerRowIndex < 1) throw badInput('header_row_index starts at 1');
  const start = layout.headerRowIndex - 1;
  const header = grid.slice(start, start + layout.headerRows);
  const data = grid.slice(start + layout.headerRows).filter((row) => !row.every(isEmpty));
  const width = grid.reduce((max, row) => Math.max(max, row.length), 0);
  const keep: number[] = [];
  for (let c = 0; c < width; c++) {
    const named = header.some((row) => !isEmpty(row[c] ?? null));
    if (named || data.some((row) => !isEmpty(row[c] ?? null))) keep.push(c);
  }
  const rawNames = keep.map((c) =>
    header
      .map((row) => cellText(row[c] ?? null).replace(/[\u0000-\u001f]/g, ' ').trim())
      .filter(Boolean)
      .join('_'),
  );
  const columns = uniqueColumnNames(rawNames.map((name, i) => name || `column_${i + 1}`));
  const rows = data.map((row) => keep.map((c) => row[c] ?? null));
  const textColumns = keep.map((_, i) => rows.some((row) => typeof row[i] === 'string' && !isEmpty(row[i]!)));
  return { columns, rows, textColumns };
}
