import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { badInput } from '../errors';
import type { FileType } from './file-types';
import { readError } from './read-errors';

/** CSV options a person can set; everything else is DuckDB's sniffer's job. */
export interface CsvOptions {
  /** A single character, or `\t`; unset = detected. */
  delimiter?: string | null;
  /** unset = detected. */
  header?: boolean | null;
  /** The encodings DuckDB's CSV reader knows; unset = UTF-8 (UTF-16 when the file starts with its BOM). */
  encoding?: 'utf-8' | 'utf-16' | 'latin-1' | null;
}

export const CSV_ENCODINGS = ['utf-8', 'utf-16', 'latin-1'] as const;

/** Accepts the spellings people use (`UTF8`, `iso-8859-1`, `latin1`). */
export function normalizeEncoding(raw: string | null | undefined): CsvOptions['encoding'] {
  if (!raw) return null;
  const key = raw.trim().toLowerCase().replace(/[_\s]/g, '-');
  if (['utf-8', 'utf8'].includes(key)) return 'utf-8';
  if (['utf-16', 'utf16', 'utf-16le'].includes(key)) return 'utf-16';
  if (['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'cp1252', 'windows-1252'].includes(key)) return 'latin-1';
  throw badInput(`Encoding '${raw.slice(0, 40)}' is not supported: use utf-8, utf-16 or latin-1`);
}

/**
 * The DuckDB table function that reads a file, with the path and options bound as parameters
 * (never spliced into the SQL). Parquet and JSON need no options: their readers detect the rest.
 */
export function readerCall(fileType: Exclude<FileType, 'xlsx'>, filePath: string, csv: CsvOptions = {}): { sql: string; params: DuckDBValue[] } {
  switch (fileType) {
    case 'parquet':
      return { sql: 'read_parquet($1)', params: [filePath] };
    case 'json':
      return { sql: "read_json($1, format = 'auto')", params: [filePath] };
    case 'jsonl':
      return { sql: "read_json($1, format = 'newline_delimited')", params: [filePath] };
    case 'csv':
    case 'tsv': {
      const params: DuckDBValue[] = [filePath];
      const options: string[] = [];
      const bind = (name: string, value: DuckDBValue) => {
        params.push(value);
        options.push(`${name} = $${params.length}`);
      };
      const delimiter = csv.delimiter ?? (fileType === 'tsv' ? '\t' : null);
      if (delimiter) bind('delim', delimiter === '\\t' ? '\t' : delimiter);
      if (typeof csv.header === 'boolean') bind('header', csv.header);
      if (csv.encoding) bind('encoding', csv.encoding);
      return { sql: `read_csv(${['$1', ...options].join(', ')})`, params };
    }
  }
}

export interface SniffedCsv {
  delimiter: string;
  hasHeader: boolean;
  skipRows: number;
  columns: { name: string; type: string }[];
}

/** DuckDB's own CSV sniffer, on a sample of the file: the dialect, header and column types it will use. */
export async function sniffCsv(connection: DuckDBConnection, filePath: string, filename: string, csv: CsvOptions = {}, fileType: 'csv' | 'tsv' = 'csv'): Promise<SniffedCsv> {
  const call = readerCall(fileType, filePath, csv);
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM ${call.sql.replace(/^read_csv\(/, 'sniff_csv(')}`, call.params);
    const row = reader.getRowObjectsJS()[0]!;
    return {
      delimiter: String(row.Delimiter),
      hasHeader: Boolean(row.HasHeader),
      skipRows: Number(row.SkipRows),
      columns: (row.Columns as { name: string; type: string }[]).map((c) => ({ name: String(c.name), type: String(c.type) })),
    };
  } catch (error) {
    throw readError(error, filePath, filename);
  }
}

/**
 * DuckDB's sniffer silently skips leading lines whose field count differs from the rest (it took
 * `a,b` / `1,2` / `3,4,5` as one 3-column row). For an import that is lost data: refuse instead.
 */
export function refuseSkippedLines(sniffed: SniffedCsv, filename: string): void {
  if (sniffed.skipRows > 0) {
    throw badInput(
      `'${filename}' is not a regular CSV: its first ${sniffed.skipRows} line(s) have a different number of fields than the rest (a ragged file, or a preamble before the table)`,
      { skipped_lines: sniffed.skipRows },
    );
  }
}

/**
 * When a line breaks DuckDB's preferred dialect (an unterminated quote), its sniffer can fall back
 * to reading each line as ONE column (`id,text` as a single name): imported like that, the data
 * would be silently wrong. Such a one-column result whose header holds a common delimiter answers
 * that delimiter, so the file is read with it and DuckDB names the real problem (or reads it right).
 */
export function suspectedDelimiter(sniffed: SniffedCsv): string | null {
  if (sniffed.columns.length !== 1) return null;
  const name = sniffed.columns[0]!.name;
  const counts = [',', ';', '\t', '|'].map((d) => [d, name.split(d).length - 1] as const).filter(([, n]) => n > 0);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[0] ?? null;
}
