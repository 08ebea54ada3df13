'use client';

import { useState } from 'react';
import type { SchemaTable } from './use-schema';

/** User tables and their columns; a click on a name opens `SELECT * FROM` it in the editor. */
export function SchemaBrowser({ tables, loading, onPick }: { tables: SchemaTable[] | undefined; loading: boolean; onPick: (table: string) => void }) {
  const [open, setOpen] = useState<string | null>(null);
  const visible = (tables ?? []).filter((t) => !t.system);
  if (loading) return <p className="p-3 text-sm text-slate-500">Loading tables…</p>;
  if (visible.length === 0) return <p className="p-3 text-sm text-slate-500">No tables yet. Import data on the Data screen.</p>;
  return (
    <ul aria-label="Tables" className="min-h-0 overflow-auto p-1 text-sm">
      {visible.map((table) => (
        <li key={table.name}>
          <div className="flex items-center rounded hover:bg-slate-100 dark:hover:bg-slate-800">
            <button
              type="button"
              aria-expanded={open === table.name}
              aria-label={`Columns of ${table.name}`}
              onClick={() => setOpen(open === table.name ? null : table.name)}
              className="px-1.5 text-slate-400"
            >
              {open === table.name ? '▾' : '▸'}
            </button>
            <button type="button" onClick={() => onPick(table.name)} title="Query this table" className="min-w-0 flex-1 truncate py-1 text-left font-mono text-xs">
              {table.name}
            </button>
          </div>
          {open === table.name && (
            <ul className="mb-1 ml-6 border-l border-slate-200 pl-2 dark:border-slate-700">
              {table.columns.map((column) => (
                <li key={column.name} className="flex justify-between gap-2 py-0.5 font-mono text-[11px]">
                  <span className="truncate">{column.name}</span>
                  <span className="shrink-0 text-slate-400">{column.type}</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
