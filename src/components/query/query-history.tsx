'use client';

import { formatCount, formatDuration } from '@/components/lib/format';
import type { HistoryEntry } from './use-query-history';

/** This session's queries, newest first; a click puts the SQL back in the editor. */
export function QueryHistory({ entries, onOpen, onClear }: { entries: HistoryEntry[]; onOpen: (sql: string) => void; onClear: () => void }) {
  if (entries.length === 0) return <p className="p-3 text-sm text-slate-500">Queries you run in this tab appear here.</p>;
  return (
    <div className="flex min-h-0 flex-col">
      <ul aria-label="Query history" className="min-h-0 flex-1 divide-y divide-slate-200 overflow-auto dark:divide-slate-800">
        {entries.map((entry) => (
          <li key={entry.id}>
            <button type="button" onClick={() => onOpen(entry.sql)} className="block w-full px-3 py-2 text-left hover:bg-slate-100 dark:hover:bg-slate-800">
              <code className="line-clamp-2 text-xs break-all">{entry.sql}</code>
              <span className={`mt-1 block text-[11px] ${entry.ok ? 'text-slate-500' : 'text-red-600 dark:text-red-400'}`}>
                {new Date(entry.at).toLocaleTimeString('en-GB')} ·{' '}
                {entry.ok ? `${formatCount(entry.rowCount)} rows · ${formatDuration(entry.elapsedMs)}` : entry.error}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClear} className="border-t border-slate-200 px-3 py-1.5 text-left text-xs text-slate-500 hover:text-slate-800 dark:border-slate-800">
        Clear history
      </button>
    </div>
  );
}
