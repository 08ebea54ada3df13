'use client';

import { useQuery } from '@tanstack/react-query';
import { isNumericType, numericValue } from '@/components/lib/column-kind';
import { quoteIdentifier } from '@/components/lib/sql-identifier';
import { useTRPCClient } from '@/trpc/react';

export interface ColumnForHistogram {
  column_name: string;
  data_type: string;
  min_value: unknown;
  max_value: unknown;
}

export interface HistogramBar {
  label: string;
  count: number;
}

const BINS = 10;
const TOP_VALUES = 5;
const MAX_COLUMNS = 24;
/** Past this, a histogram would scan too much to be worth it on a detail view. */
const MAX_ROWS = 5_000_000;
const NESTED = /(\]$|^(STRUCT|MAP|UNION)\()/;

function columnSql(table: string, column: ColumnForHistogram, index: number): string | null {
  const q = quoteIdentifier(column.column_name);
  const min = numericValue(column.min_value);
  const max = numericValue(column.max_value);
  if (isNumericType(column.data_type) && min !== null && max !== null && max > min) {
    // Equal-width bins between min and max; the top value falls in the last bin.
    return `SELECT ${index} AS c, least(${BINS - 1}, floor((CAST(${q} AS DOUBLE) - ${min}) / ${max - min} * ${BINS}))::INTEGER::VARCHAR AS k, count(*) AS n FROM ${table} WHERE ${q} IS NOT NULL GROUP BY 2`;
  }
  if (NESTED.test(column.data_type)) return null;
  return `SELECT * FROM (SELECT ${index} AS c, CAST(${q} AS VARCHAR) AS k, count(*) AS n FROM ${table} WHERE ${q} IS NOT NULL GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT ${TOP_VALUES})`;
}

/**
 * A small distribution per column, in one query: equal-width bins for numbers, the most frequent
 * values otherwise. Read through query.run, like any other SQL the UI sends.
 */
export function useColumnHistograms(table: string, rowCount: number | undefined, columns: ColumnForHistogram[] | undefined) {
  const client = useTRPCClient();
  return useQuery({
    queryKey: ['duckquery', 'histograms', table, rowCount, columns?.map((c) => `${c.column_name}:${c.min_value}:${c.max_value}`)],
    enabled: columns !== undefined && rowCount !== undefined && rowCount > 0 && rowCount <= MAX_ROWS,
    queryFn: async () => {
      const parts = columns!
        .slice(0, MAX_COLUMNS)
        .map((column, i) => columnSql(quoteIdentifier(table), column, i))
        .filter((part): part is string => part !== null);
      const bars = new Map<string, HistogramBar[]>();
      if (parts.length === 0) return bars;
      const result = await client.query.run.mutate({ sql: parts.join('\nUNION ALL\n'), limit: 10_000 });
      for (const [c, k, n] of result.rows as [number, string, number][]) {
        const column = columns![Number(c)]!;
        const list = bars.get(column.column_name) ?? [];
        list.push({ label: k, count: Number(n) });
        bars.set(column.column_name, list);
      }
      for (const [name, list] of bars) {
        const column = columns!.find((c) => c.column_name === name)!;
        if (isNumericType(column.data_type)) {
          const min = numericValue(column.min_value)!;
          const width = (numericValue(column.max_value)! - min) / BINS;
          const filled = Array.from({ length: BINS }, (_, i) => ({
            label: `${Number((min + i * width).toPrecision(3))}–${Number((min + (i + 1) * width).toPrecision(3))}`,
            count: list.find((b) => Number(b.label) === i)?.count ?? 0,
          }));
          bars.set(name, filled);
        } else {
          bars.set(name, list.sort((a, b) => b.count - a.count));
        }
      }
      return bars;
    },
  });
}
