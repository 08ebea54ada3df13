import { listValue, quotedIdentifier, structValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { SheetFile } from './sheet-csv';

/**
 * Fills `staging` from a sheet's CSV (sheet-csv.ts) with DuckDB's own CSV reader, which types the
 * columns — never a row-by-row INSERT. The file is header-less and positional (c0, c1, …; short
 * rows padded with NULL); each table column is selected from its position under its name, and
 * columns that held text in the sheet are read as VARCHAR.
 */
export async function createTableFromSheet(connection: DuckDBConnection, staging: string, sheet: SheetFile): Promise<void> {
  if (sheet.rowCount === 0) {
    const columns = sheet.columns.map((c) => `${quotedIdentifier(c.name)} VARCHAR`).join(', ');
    await connection.run(`CREATE TABLE ${quotedIdentifier(staging)} (${columns})`);
    return;
  }
  const positional = Array.from({ length: sheet.width }, (_, i) => `c${i}`);
  const select = sheet.columns
    .map((c) => (c.position < sheet.width ? `${quotedIdentifier(`c${c.position}`)} AS ${quotedIdentifier(c.name)}` : `NULL::VARCHAR AS ${quotedIdentifier(c.name)}`))
    .join(', ');
  const params: DuckDBValue[] = [sheet.path!, listValue(positional)];
  const textColumns = Object.fromEntries(sheet.columns.filter((c) => c.text && c.position < sheet.width).map((c) => [`c${c.position}`, 'VARCHAR']));
  let types = '';
  if (Object.keys(textColumns).length > 0) {
    params.push(structValue(textColumns));
    types = ', types = $3';
  }
  await connection.run(
    `CREATE TABLE ${quotedIdentifier(staging)} AS SELECT ${select}
       FROM read_csv($1, header = false, names = $2, null_padding = true, sample_size = -1, delim = ',', quote = '"', escape = '"'${types})`,
    params,
  );
}
