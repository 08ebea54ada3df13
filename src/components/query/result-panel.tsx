'use client';

import { useState } from 'react';
import { downloadText, toCsv, toTsv } from '@/components/lib/csv';
import { formatCount, formatDuration } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import type { QueryResult } from '@/trpc/router-types';
import { ResultChart } from './result-chart';
import { ResultsGrid } from './results-grid';

/** The last result: grid or chart, row range and paging, copy and CSV download of the page. */
export function ResultPanel({ result, running, onPage }: { result: QueryResult | null; running: boolean; onPage: (offset: number) => void }) {
  const [view, setView] = useState<'grid' | 'chart'>('grid');
  const [copied, setCopied] = useState(false);

  if (!result) {
    return (
      <div className="flex flex-1 items-center justify-center text-sm text-slate-500">{running ? 'Running…' : 'Run a query to see its result here.'}</div>
    );
  }
  const names = result.columns.map((c) => c.name);
  const first = result.offset + 1;
  const last = result.offset + result.rowCount;

  const copy = async () => {
    await navigator.clipboard.writeText(toTsv(names, result.rows));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <section aria-label="Result" className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-2 px-4 py-2 text-sm">
        <div role="tablist" className="flex rounded border border-slate-300 dark:border-slate-700">
          {(['grid', 'chart'] as const).map((tab) => (
            <button
              key={tab}
              type="button"
              role="tab"
              aria-selected={view === tab}
              onClick={() => setView(tab)}
              className={`px-2.5 py-0.5 text-xs capitalize ${view === tab ? 'bg-slate-200 font-medium dark:bg-slate-700' : ''}`}
            >
              {tab}
            </button>
          ))}
        </div>
        <span data-testid="result-summary" className="text-slate-600 dark:text-slate-400">
          {result.changes.length > 0 && `Done: ${result.changes.join('; ')} · `}
          {result.columns.length === 0
            ? result.changes.length === 0 && 'Done'
            : `Rows ${formatCount(result.rowCount === 0 ? 0 : first)}–${formatCount(last)}${result.truncated ? ' (more available)' : ''}`}{' '}
          · {formatDuration(result.elapsedMs)}
          {running && ' · running…'}
        </span>
        <div className="ml-auto flex items-center gap-1.5">
          <Button size="sm" onClick={() => onPage(result.offset - result.limit)} disabled={running || result.offset === 0} aria-label="Previous page">
            ‹ Prev
          </Button>
          <Button size="sm" onClick={() => onPage(result.offset + result.limit)} disabled={running || !result.truncated} aria-label="Next page">
            Next ›
          </Button>
          <Button size="sm" onClick={copy} disabled={result.columns.length === 0}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
          <Button size="sm" onClick={() => downloadText('result.csv', toCsv(names, result.rows), 'text/csv')} disabled={result.columns.length === 0} title="The rows on this page, as CSV">
            CSV
          </Button>
        </div>
      </div>
      <div className="min-h-0 flex-1 border-t border-slate-200 dark:border-slate-800">
        {view === 'grid' ? <ResultsGrid columns={result.columns} rows={result.rows} firstRowNumber={first} /> : <ResultChart columns={result.columns} rows={result.rows} />}
      </div>
    </section>
  );
}
