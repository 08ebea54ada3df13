'use client';

import { useEffect, useRef, useState } from 'react';
import { ImportDialog } from '@/components/import/import-dialog';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { inputClass } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { ConnectionSourceList } from './connection-source-list';
import { DataSourceList } from './data-source-list';
import { TableDetail } from './table-detail';
import { useDataSources } from './use-data-sources';

/** The Data screen: every table and file source, searchable, with a detail view beside the list. */
export function DataSourcesPanel() {
  const { rows, isLoading, error } = useDataSources();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const searchBox = useRef<HTMLInputElement>(null);

  // "/" focuses the search box, as in most list views.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === '/' && !['INPUT', 'TEXTAREA'].includes(target.tagName) && !target.isContentEditable) {
        event.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const needle = search.trim().toLowerCase();
  const visible = needle ? rows.filter((r) => `${r.name} ${r.filename ?? ''} ${r.type}`.toLowerCase().includes(needle)) : rows;
  const current = rows.find((r) => r.name === selected) ?? null;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Data"
        description="Tables in DuckDB, the files, URLs and queries they came from, and the external connections."
        actions={
          <Button variant="primary" onClick={() => setImporting(true)}>
            + Import data
          </Button>
        }
      />
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      <div className="flex min-h-0 flex-1">
        <div className="flex w-[46%] min-w-[420px] flex-col border-r border-slate-200 dark:border-slate-800">
          <div className="p-3">
            <input
              ref={searchBox}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Search data sources  ( / )"
              aria-label="Search data sources"
              className={inputClass}
            />
          </div>
          <ErrorNote error={error} className="mx-3" />
          <div className="min-h-0 flex-1 overflow-auto">
            {isLoading ? (
              <p className="p-3 text-sm text-slate-500">Loading…</p>
            ) : visible.length === 0 ? (
              <p className="p-3 text-sm text-slate-500">{rows.length === 0 ? 'No data yet: import a file, a URL or pasted text.' : 'Nothing matches the search.'}</p>
            ) : (
              <DataSourceList rows={visible} selected={selected} onSelect={setSelected} />
            )}
            <ConnectionSourceList search={search.trim()} />
          </div>
        </div>
        <div className="min-w-0 flex-1">
          {current ? (
            <TableDetail key={current.name} source={current} onDeleted={() => setSelected(null)} />
          ) : (
            <p className="p-6 text-sm text-slate-500">Select a data source to see its schema, column profiles and data.</p>
          )}
        </div>
      </div>
    </div>
  );
}
