'use client';

import { formatBytes, formatCount, formatDateTime } from '@/components/lib/format';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { DataSourceRow } from './use-data-sources';

const PROFILE_TONE: Record<string, BadgeTone> = { ready: 'good', pending: 'info', failed: 'bad', 'table missing': 'warn' };

/** The table of data sources; a row click selects it. */
export function DataSourceList({ rows, selected, onSelect }: { rows: DataSourceRow[]; selected: string | null; onSelect: (name: string) => void }) {
  return (
    <table className="w-full text-sm" aria-label="Data sources">
      <thead className="sticky top-0 bg-slate-50 text-left text-xs text-slate-500 uppercase dark:bg-slate-900">
        <tr>
          <th className="px-3 py-2 font-medium">Name</th>
          <th className="px-2 py-2 font-medium">Type</th>
          <th className="px-2 py-2 text-right font-medium">Rows</th>
          <th className="px-2 py-2 text-right font-medium">Size</th>
          <th className="px-2 py-2 font-medium">Created</th>
          <th className="px-2 py-2 font-medium">Profile</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {rows.map((row) => (
          <tr
            key={row.name}
            onClick={() => onSelect(row.name)}
            aria-selected={selected === row.name}
            className={`cursor-pointer ${selected === row.name ? 'bg-blue-50 dark:bg-blue-950/50' : 'hover:bg-slate-50 dark:hover:bg-slate-900'}`}
          >
            <td className="max-w-56 px-3 py-2">
              <button type="button" className="block max-w-full truncate text-left font-mono text-xs font-medium" onClick={() => onSelect(row.name)}>
                {row.name}
              </button>
              {row.filename && row.filename !== row.name && <span className="block truncate text-xs text-slate-500">{row.filename}</span>}
            </td>
            <td className="px-2 py-2">
              <Badge>{row.type}</Badge>
            </td>
            <td className="px-2 py-2 text-right tabular-nums">{formatCount(row.rowCount)}</td>
            <td className="px-2 py-2 text-right tabular-nums">{formatBytes(row.sizeBytes)}</td>
            <td className="px-2 py-2 text-xs whitespace-nowrap text-slate-500">{formatDateTime(row.createdAt)}</td>
            <td className="px-2 py-2" title={row.profileError ?? undefined}>
              {row.profileStatus ? <Badge tone={PROFILE_TONE[row.profileStatus] ?? 'neutral'}>{row.profileStatus}</Badge> : <span className="text-xs text-slate-400">live</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
