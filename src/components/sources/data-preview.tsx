'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { quoteIdentifier } from '@/components/lib/sql-identifier';
import { ResultsGrid } from '@/components/query/results-grid';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { useTRPCClient } from '@/trpc/react';

const PAGE = 100;

/** The table's rows, a page at a time, read with query.run's own paging (rows past the page are never computed). */
export function DataPreview({ table, rowCount }: { table: string; rowCount: number | undefined }) {
  const client = useTRPCClient();
  const [offset, setOffset] = useState(0);
  const page = useQuery({
    queryKey: ['duckquery', 'preview', table, offset],
    queryFn: () => client.query.run.mutate({ sql: `SELECT * FROM ${quoteIdentifier(table)}`, limit: PAGE, offset }),
    placeholderData: (previous) => previous,
  });
  const last = offset + (page.data?.rowCount ?? 0);
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 px-1 py-2 text-sm">
        <span className="text-slate-500" data-testid="preview-range">
          {page.data ? `Rows ${page.data.rowCount ? offset + 1 : 0}–${last}${rowCount !== undefined ? ` of ${rowCount.toLocaleString('en-US')}` : ''}` : 'Loading…'}
        </span>
        <Button size="sm" className="ml-auto" onClick={() => setOffset(Math.max(0, offset - PAGE))} disabled={offset === 0 || page.isFetching}>
          ‹ Prev
        </Button>
        <Button size="sm" onClick={() => setOffset(offset + PAGE)} disabled={!page.data?.truncated || page.isFetching}>
          Next ›
        </Button>
      </div>
      <ErrorNote error={page.error} />
      {page.data && (
        <div className="min-h-64 flex-1 rounded border border-slate-200 dark:border-slate-800">
          <ResultsGrid columns={page.data.columns} rows={page.data.rows} firstRowNumber={offset + 1} />
        </div>
      )}
    </div>
  );
}
