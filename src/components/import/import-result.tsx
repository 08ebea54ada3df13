'use client';

import { useRouter } from 'next/navigation';
import { leaveSqlForEditor } from '@/components/lib/editor-handoff';
import { cellText, formatCount } from '@/components/lib/format';
import { quoteIdentifier } from '@/components/lib/sql-identifier';
import { Button } from '@/components/ui/button';

interface Landed {
  source_id: string;
  row_count: number | null;
  column_count: number | null;
}

/** What an import produced: the table, its size, its first rows, and a way to query it. */
export function ImportResult({ source, preview }: { source: Landed; preview?: Record<string, unknown>[] }) {
  const router = useRouter();
  const columns = preview?.[0] ? Object.keys(preview[0]) : [];
  return (
    <div role="status" aria-label="Import result" className="space-y-2 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-900 dark:bg-emerald-950/40">
      <p>
        ✓ Imported as <span className="font-mono font-semibold">{source.source_id}</span>: {formatCount(source.row_count)} rows, {formatCount(source.column_count)} columns.
      </p>
      {columns.length > 0 && (
        <div className="max-h-40 overflow-auto rounded border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950">
          <table className="w-full font-mono text-xs">
            <thead className="sticky top-0 bg-slate-100 dark:bg-slate-800">
              <tr>
                {columns.map((c) => (
                  <th key={c} className="px-2 py-1 text-left font-semibold">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview!.slice(0, 10).map((row, i) => (
                <tr key={i} className="border-t border-slate-100 dark:border-slate-800">
                  {columns.map((c) => (
                    <td key={c} className="max-w-48 truncate px-2 py-1">
                      {cellText(row[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Button
        size="sm"
        onClick={() => {
          leaveSqlForEditor(`SELECT * FROM ${quoteIdentifier(source.source_id)} LIMIT 100;`);
          router.push('/');
        }}
      >
        Query it
      </Button>
    </div>
  );
}
