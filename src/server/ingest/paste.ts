import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { quotedIdentifier } from '@duckdb/node-api';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { errorMessage } from '../db/errors';
import { badInput } from '../errors';
import { serializeValue } from '../query/serialize-value';
import { readerCall, refuseSkippedLines, sniffCsv } from './duckdb-readers';
import { ingestStoredFile } from './ingest-stored-file';
import { landTable } from './land-table';
import { readError } from './read-errors';
import { sanitizeTableName } from './table-names';

/** A paste is what fits a clipboard: 50 MiB of text is far beyond any spreadsheet selection. */
export const MAX_PASTE_CHARS = 50 * 1024 * 1024;
const PREVIEW_ROWS = 10;

// ---------- legacy: rows already split, with declared types ----------

/** The legacy column types, and what each becomes (REST.md: INTEGER is BIGINT, DATE is TIMESTAMP). */
const LEGACY_TYPES: Record<string, (v: string) => string> = {
  VARCHAR: (v) => v,
  INTEGER: (v) => `CAST(${v} AS BIGINT)`,
  DOUBLE: (v) => `CAST(${v} AS DOUBLE)`,
  DATE: (v) => `CAST(${v} AS TIMESTAMP)`,
  BOOLEAN: (v) => `CASE WHEN ${v} IS NULL THEN NULL ELSE lower(${v}) IN ('true', 't', '1', 'yes', 'y') END`,
};

export const legacyPasteInput = z.object({
  table_name: z.string().trim().max(1000),
  column_names: z.array(z.string().max(1000)).max(10_000),
  column_types: z.array(z.string().max(50)).max(10_000).optional(),
  data_rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean()]).nullable())).max(10_000_000),
  delimiter: z.string().max(10).optional(),
  has_header: z.boolean().optional(),
});

/**
 * POST /api/paste-data: rows the legacy frontend already split, with declared types. They go in
 * through DuckDB's appender as text, then ONE statement casts every column to its type (a value
 * that does not fit is a clear error and nothing is saved). An existing table is replaced.
 */
export async function pasteLegacyRows(app: AppContext, input: z.output<typeof legacyPasteInput>, actor: string) {
  // Emptiness is a 400 (the legacy answer), not a shape error.
  if (!input.table_name) throw badInput('table_name is empty');
  if (input.column_names.length === 0) throw badInput('column_names is empty');
  if (input.data_rows.length === 0) throw badInput('data_rows is empty: there is nothing to save');
  const width = input.column_names.length;
  const types = (input.column_types ?? []).map((t) => t.trim().toUpperCase());
  if (input.column_types && types.length !== width) throw badInput(`column_types has ${types.length} entries for ${width} columns`);
  for (const type of types) if (!LEGACY_TYPES[type]) throw badInput(`Unknown column type '${type}': use ${Object.keys(LEGACY_TYPES).join(', ')}`);
  input.data_rows.forEach((row, i) => {
    if (row.length !== width) throw badInput(`Row ${i + 1} has ${row.length} values for ${width} columns`, { row: i + 1 });
  });
  const names = uniqueNames(input.column_names);
  const tableName = sanitizeTableName(input.table_name);
  const source = await landTable(app, {
    tableName,
    ifExists: 'replace',
    actor,
    source: { filename: `${tableName}.pasted`, file_path: 'pasted_data', file_type: 'pasted', extra: { source_type: 'paste' } },
    build: async (connection, staging) => {
      const raw = `paste_${randomUUID().replace(/-/g, '')}`;
      await connection.run(`CREATE TEMP TABLE ${quotedIdentifier(raw)} (${names.map((_, i) => `c${i} VARCHAR`).join(', ')})`);
      const appender = await connection.createAppender(raw, 'main', 'temp'); // temp tables: catalog temp, schema main
      for (const row of input.data_rows) {
        for (const cell of row) {
          const text = cell === null ? '' : String(cell).trim();
          if (text === '' || text.toLowerCase() === 'null') appender.appendNull();
          else appender.appendVarchar(text);
        }
        appender.endRow();
      }
      appender.closeSync();
      const select = names.map((name, i) => `${LEGACY_TYPES[types[i] ?? 'VARCHAR']!(`c${i}`)} AS ${quotedIdentifier(name)}`).join(', ');
      try {
        await connection.run(`CREATE TABLE ${quotedIdentifier(staging)} AS SELECT ${select} FROM temp.${quotedIdentifier(raw)}`);
      } catch (error) {
        throw badInput(`A value does not fit its column type: ${errorMessage(error).split('\n')[0]!.replace(/^Conversion Error: /, '').slice(0, 300)}`);
      } finally {
        await connection.run(`DROP TABLE IF EXISTS temp.${quotedIdentifier(raw)}`);
      }
    },
  });
  const columns = await app.database.read(async (c) =>
    (
      await c.runAndReadAll(
        `SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
        [source.source_id],
      )
    ).getRowsJS(),
  );
  return { source, columnInfo: columns.map(([name, type]) => ({ name: String(name), type: String(type) })) };
}

function uniqueNames(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((name, i) => {
    const base = name.replace(/[\u0000-\u001f]/g, ' ').trim() || `column_${i + 1}`;
    let unique = base;
    for (let n = 1; seen.has(unique.toLowerCase()); n++) unique = `${base}_${n}`;
    seen.add(unique.toLowerCase());
    return unique;
  });
}

// ---------- modern: raw text, DuckDB's sniffer decides ----------

export const pasteTextOptions = z.object({
  text: z.string().min(1, 'Nothing was pasted').max(MAX_PASTE_CHARS),
  /** unset = detected (tab, comma, semicolon, pipe). */
  delimiter: z.string().min(1).max(2).optional(),
  header: z.boolean().optional(),
});
export const pasteTextInput = pasteTextOptions.extend({
  tableName: z.string().trim().min(1).max(1000),
  ifExists: z.enum(['replace', 'fail', 'append']).default('fail'),
});

/** The pasted text as a file DuckDB may read (the uploads folder); kept as the table's source once saved. */
async function writePaste(app: AppContext, text: string): Promise<string> {
  if (!text.trim()) throw badInput('Nothing was pasted');
  const dir = path.join(app.config.uploadsDir, 'paste');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}.txt`);
  await fs.writeFile(file, text, { mode: 0o600 });
  return file;
}

/** What DuckDB's sniffer makes of pasted text: delimiter, header, column names and types, first rows. Nothing is saved. */
export async function pastePreview(app: AppContext, input: z.output<typeof pasteTextOptions>) {
  const file = await writePaste(app, input.text);
  try {
    const csv = { delimiter: input.delimiter ?? null, header: input.header ?? null };
    return await app.database.read(async (connection) => {
      const sniffed = await sniffCsv(connection, file, 'the pasted text', csv);
      refuseSkippedLines(sniffed, 'the pasted text');
      const reader = readerCall('csv', file, csv);
      let rows;
      try {
        rows = await connection.runAndReadAll(`SELECT * FROM ${reader.sql} LIMIT ${PREVIEW_ROWS}`, reader.params);
      } catch (error) {
        throw readError(error, file, 'the pasted text');
      }
      const names = rows.columnNames();
      return {
        delimiter: sniffed.delimiter,
        hasHeader: sniffed.hasHeader,
        columns: sniffed.columns,
        rows: rows.getRows().map((row) => Object.fromEntries(names.map((n, i) => [n, serializeValue(row[i] ?? null)]))),
      };
    });
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** Saves pasted text as a table, read by DuckDB's CSV reader like any file; the text stays as the table's source file. */
export async function pasteText(app: AppContext, input: z.output<typeof pasteTextInput>, actor: string) {
  const file = await writePaste(app, input.text);
  try {
    return await ingestStoredFile(app, {
      storedPath: file,
      originalFilename: `${sanitizeTableName(input.tableName)}.pasted`,
      fileType: 'csv',
      recordedFileType: 'pasted',
      tableAlias: input.tableName,
      ifExists: input.ifExists,
      actor,
      csv: { delimiter: input.delimiter ?? null, header: input.header ?? null },
      extra: { source_type: 'paste' },
    });
  } catch (error) {
    await fs.rm(file, { force: true });
    throw error;
  }
}
