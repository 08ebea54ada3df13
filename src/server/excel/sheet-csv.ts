import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { uniqueColumnNames } from '../connectors/unique-names';
import { badInput } from '../errors';
import { cellText, dateText, type PlainCell } from './cell-value';
import type { SheetRow } from './stream-workbook';

export interface HeaderLayout {
  /** Rows making up the header (0 = none: columns are named column_1…); several are joined with `_`. */
  headerRows: number;
  /** The 1-based row where the header starts (rows above it are skipped). */
  headerRowIndex: number;
}

/** A sheet's data as a CSV file DuckDB reads, and what it takes to read it. */
export interface SheetFile {
  /** Header-less CSV; its columns are positional (c0, c1, …). Null when only counted (inspect). */
  path: string | null;
  /** Widest data row written. */
  width: number;
  rowCount: number;
  /** The table's columns: the position each comes from, its name, and whether it held text (then it stays VARCHAR: `00123` keeps its zeros). */
  columns: { position: number; name: string; text: boolean }[];
  /** The first data rows, by column name (for inspect). */
  preview: Record<string, PlainCell | string>[];
}

const isEmpty = (cell: PlainCell | undefined) => cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

const csvField = (cell: PlainCell): string => {
  if (cell === null) return '';
  if (cell instanceof Date) return dateText(cell);
  if (typeof cell === 'string') return `"${cell.replace(/"/g, '""')}"`;
  return String(cell);
};

/**
 * Cuts a streamed sheet into header and data: header rows are kept (they are few), data rows are
 * written straight to a CSV file as they arrive, so memory does not grow with the sheet. Empty
 * rows are dropped; at the end, empty unnamed columns are dropped and the rest named.
 */
export async function writeSheetCsv(rows: AsyncIterable<SheetRow>, layout: HeaderLayout, dir: string | null, previewRows = 0): Promise<SheetFile> {
  if (layout.headerRows < 0 || layout.headerRows > 10) throw badInput('header_rows must be between 0 and 10');
  if (layout.headerRowIndex < 1) throw badInput('header_row_index starts at 1');
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const file = dir ? path.join(dir, `${randomUUID()}.csv`) : null;
  const out = file ? fs.createWriteStream(file, { mode: 0o600 }) : null;
  const firstData = layout.headerRowIndex + layout.headerRows;
  const header: PlainCell[][] = [];
  const filled: boolean[] = [];
  const text: boolean[] = [];
  const preview: PlainCell[][] = [];
  let width = 0;
  let rowCount = 0;
  try {
    for await (const row of rows) {
      if (row.number < layout.headerRowIndex) continue;
      if (row.number < firstData) {
        header.push(row.cells);
        continue;
      }
      let last = row.cells.length - 1;
      while (last >= 0 && isEmpty(row.cells[last])) last--;
      if (last < 0) continue;
      const cells = row.cells.slice(0, last + 1);
      cells.forEach((cell, c) => {
        if (isEmpty(cell)) return;
        filled[c] = true;
        if (typeof cell === 'string') text[c] = true;
      });
      width = Math.max(width, cells.length);
      rowCount++;
      if (preview.length < previewRows) preview.push(cells);
      if (out && !out.write(`${cells.map(csvField).join(',')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    if (out) {
      out.end();
      await finished(out);
    }
  } catch (error) {
    out?.destroy();
    if (file) fs.rmSync(file, { force: true });
    throw error;
  }
  const headerWidth = header.reduce((max, row) => Math.max(max, row.length), 0);
  const positions: number[] = [];
  const headerTexts: string[] = [];
  for (let c = 0; c < Math.max(width, headerWidth); c++) {
    const name = header
      .map((row) => cellText(row[c] ?? null).replace(/[\u0000-\u001f]/g, ' ').trim())
      .filter(Boolean)
      .join('_');
    if (!name && !filled[c]) continue; // an empty column without a name is not part of the table
    positions.push(c);
    headerTexts.push(name);
  }
  const names = uniqueColumnNames(headerTexts.map((name, i) => name || `column_${i + 1}`));
  const columns = positions.map((position, i) => ({ position, name: names[i]!, text: Boolean(text[position]) }));
  return {
    path: file,
    width,
    rowCount,
    columns,
    preview: preview.map((cells) => Object.fromEntries(columns.map((c) => [c.name, jsonCell(cells[c.position] ?? null)]))),
  };
}

const jsonCell = (cell: PlainCell) => (cell instanceof Date ? cellText(cell) : cell);
