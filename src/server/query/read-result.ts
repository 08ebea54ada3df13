import type { DuckDBResult } from '@duckdb/node-api';
import { serializeValue, type JsonValue } from './serialize-value';

export interface ResultColumn {
  name: string;
  /** DuckDB's type, e.g. `DECIMAL(18,2)`, `STRUCT(a INTEGER)`, `JSON`. */
  type: string;
}

export interface ResultPage {
  columns: ResultColumn[];
  rows: JsonValue[][];
  /** True when the result had more rows than were read (a row or byte cap was reached). */
  truncated: boolean;
}

export interface PageLimits {
  offset: number;
  maxRows: number;
  /** Rough cap on the serialised size of a page, so one result cannot exhaust the server's memory. */
  maxBytes: number;
}

/**
 * Reads one page of a streaming result: skips `offset` rows, keeps at most `maxRows`, stops as
 * soon as it knows whether more rows exist. Rows past the page are never computed by DuckDB
 * (the stream is abandoned), so `SELECT * FROM range(1e12)` answers at once.
 */
export async function readPage(result: DuckDBResult, limits: PageLimits): Promise<ResultPage> {
  const names = result.deduplicatedColumnNames();
  const columns = names.map((name, i) => ({ name, type: result.columnType(i).toString() }));
  const rows: JsonValue[][] = [];
  let toSkip = limits.offset;
  let bytes = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return { columns, rows, truncated: false };
    if (toSkip >= chunk.rowCount) {
      toSkip -= chunk.rowCount;
      continue;
    }
    // Row by row: a chunk of wide rows is never converted to JS whole.
    for (let r = toSkip; r < chunk.rowCount; r++) {
      if (rows.length >= limits.maxRows || bytes > limits.maxBytes) return { columns, rows, truncated: true };
      const row = chunk.getRowValues(r).map(serializeValue);
      bytes += approximateSize(row);
      rows.push(row);
    }
    toSkip = 0;
  }
}

function approximateSize(value: JsonValue): number {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return 8;
  if (typeof value === 'string') return value.length + 2;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + approximateSize(v), 2);
  return Object.entries(value).reduce((sum, [k, v]) => sum + k.length + approximateSize(v), 2);
}
