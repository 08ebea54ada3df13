import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { quotedIdentifier, structValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { dateText, type PlainCell } from './cell-value';
import type { SheetTable } from './sheet-table';

const csvField = (cell: PlainCell): string => {
  if (cell === null) return '';
  if (cell instanceof Date) return dateText(cell);
  if (typeof cell === 'string') return `"${cell.replace(/"/g, '""')}"`;
  return String(cell);
};

/**
 * Fills `staging` with a sheet's rows: they are written to a temporary CSV (in the uploads folder,
 * which DuckDB may read) and read by DuckDB's own CSV reader, which types the columns — never a
 * row-by-row INSERT. Columns that held text in the sheet stay VARCHAR. The CSV is removed after.
 */
export async function createTableFromSheet(connection: DuckDBConnection, staging: string, table: SheetTable, tmpDir: string): Promise<void> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const csvPath = path.join(tmpDir, `${randomUUID()}.csv`);
  try {
    const out = fs.createWriteStream(csvPath, { mode: 0o600 });
    out.write(`${table.columns.map((name) => `"${name.replace(/"/g, '""')}"`).join(',')}\n`);
    for (const row of table.rows) {
      if (!out.write(`${row.map(csvField).join(',')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    out.end();
    await finished(out);
    const textTypes = Object.fromEntries(table.columns.filter((_, i) => table.textColumns[i]).map((name) => [name, 'VARCHAR']));
    const params: DuckDBValue[] = [csvPath];
    let types = '';
    if (Object.keys(textTypes).length > 0) {
      // read_csv's `types` is a struct {column: type}, bound as a value like the path.
      types = ', types = $2';
      params.push(structValue(textTypes));
    }
    if (table.rows.length === 0) {
      const columns = table.columns.map((name) => `${quotedIdentifier(name)} VARCHAR`).join(', ');
      await connection.run(`CREATE TABLE ${quotedIdentifier(staging)} (${columns})`);
      return;
    }
    await connection.run(
      `CREATE TABLE ${quotedIdentifier(staging)} AS SELECT * FROM read_csv($1, header = true, delim = ',', quote = '"', escape = '"', sample_size = -1${types})`,
      params,
    );
  } finally {
    fs.rmSync(csvPath, { force: true });
  }
}
