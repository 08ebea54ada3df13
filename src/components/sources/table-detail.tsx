'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { leaveSqlForEditor } from '@/components/lib/editor-handoff';
import { formatCount } from '@/components/lib/format';
import { quoteIdentifier } from '@/components/lib/sql-identifier';
import { SCHEMA_QUERY_KEY } from '@/components/query/use-schema';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorNote } from '@/components/ui/error-note';
import { useTRPC } from '@/trpc/react';
import { ColumnProfileCard } from './column-profile-card';
import { DataPreview } from './data-preview';
import { useColumnHistograms } from './use-column-histograms';
import type { DataSourceRow } from './use-data-sources';

/** One data source: schema and column profiles, a paged preview, refresh and delete. */
export function TableDetail({ source, onDeleted }: { source: DataSourceRow; onDeleted: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<'columns' | 'preview'>('columns');
  const [confirming, setConfirming] = useState(false);
  const tableMissing = source.profileStatus === 'table missing';
  const detail = useQuery({ ...trpc.tables.detail.queryOptions({ table: source.name }), enabled: !tableMissing });
  const histograms = useColumnHistograms(source.name, detail.data?.row_count, detail.data?.columns);

  const invalidateAll = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.tables.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.fileSources.pathKey() }),
      queryClient.invalidateQueries({ queryKey: SCHEMA_QUERY_KEY }),
      queryClient.invalidateQueries({ queryKey: ['duckquery'] }),
    ]);
  const refresh = useMutation(
    trpc.tables.refresh.mutationOptions({
      onSuccess: async (fresh) => {
        queryClient.setQueryData(trpc.tables.detail.queryKey({ table: source.name }), fresh);
        await invalidateAll();
      },
    }),
  );
  // A table loaded from a file or URL can be read again from it (ingest.refresh); one made by SQL cannot.
  const reimport = useMutation(trpc.ingest.refresh.mutationOptions({ onSuccess: () => invalidateAll() }));
  const fromFile = source.type !== 'table';
  const remove = useMutation(
    trpc.tables.delete.mutationOptions({
      onSuccess: async () => {
        // The table is gone: its preview and histograms must not be fetched again.
        queryClient.removeQueries({ queryKey: ['duckquery', 'preview', source.name] });
        queryClient.removeQueries({ queryKey: ['duckquery', 'histograms', source.name] });
        queryClient.removeQueries({ queryKey: trpc.tables.detail.queryKey({ table: source.name }) });
        setConfirming(false);
        onDeleted();
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.tables.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.fileSources.pathKey() }),
          queryClient.invalidateQueries({ queryKey: SCHEMA_QUERY_KEY }),
        ]);
      },
    }),
  );

  const openInEditor = () => {
    leaveSqlForEditor(`SELECT * FROM ${quoteIdentifier(source.name)} LIMIT 100;`);
    router.push('/');
  };

  return (
    <section aria-label={`Data source ${source.name}`} className="flex h-full min-h-0 flex-col">
      <header className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <div className="min-w-0">
          <h2 className="truncate font-mono text-base font-semibold">{source.name}</h2>
          <p className="text-xs text-slate-500">
            {source.type} · {formatCount(detail.data?.row_count ?? source.rowCount)} rows · {formatCount(detail.data?.column_count ?? source.columnCount)} columns
            {source.filename && source.filename !== source.name ? ` · from ${source.filename}` : ''}
          </p>
        </div>
        <div className="flex gap-1.5">
          <Button size="sm" onClick={openInEditor} disabled={tableMissing}>
            Query
          </Button>
          <Button size="sm" onClick={() => refresh.mutate({ table: source.name })} disabled={refresh.isPending || tableMissing} title="Recompute row count and column statistics">
            {refresh.isPending ? 'Refreshing…' : 'Refresh'}
          </Button>
          {fromFile && (
            <Button size="sm" onClick={() => reimport.mutate({ sourceId: source.name })} disabled={reimport.isPending} title="Read the file or URL it came from again, replacing the table">
              {reimport.isPending ? 'Re-importing…' : 'Re-import'}
            </Button>
          )}
          <Button size="sm" variant="danger" onClick={() => setConfirming(true)}>
            Delete
          </Button>
        </div>
      </header>
      <ErrorNote error={refresh.error ?? reimport.error} className="mx-4 mt-2" />
      {reimport.isSuccess && (
        <p role="status" className="mx-4 mt-2 text-sm text-emerald-700 dark:text-emerald-300">
          Re-imported: {formatCount(reimport.data.row_count)} rows.
        </p>
      )}
      {source.profileError && <ErrorNote error={new Error(`Profiling failed: ${source.profileError}`)} className="mx-4 mt-2" />}
      {tableMissing ? (
        <p className="p-4 text-sm text-slate-500">This file source has no table in DuckDB any more. Delete it to remove the entry.</p>
      ) : (
        <>
          <div role="tablist" className="flex gap-4 border-b border-slate-200 px-4 text-sm dark:border-slate-800">
            {(['columns', 'preview'] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab === t}
                onClick={() => setTab(t)}
                className={`py-2 capitalize ${tab === t ? 'border-b-2 border-blue-600 font-medium' : 'text-slate-500'}`}
              >
                {t === 'columns' ? 'Schema & profile' : 'Data preview'}
              </button>
            ))}
          </div>
          <div className="min-h-0 flex-1 overflow-auto p-4">
            <ErrorNote error={detail.error} />
            {tab === 'columns' ? (
              detail.data ? (
                <div className="grid grid-cols-[repeat(auto-fill,minmax(220px,1fr))] gap-3">
                  {detail.data.columns.map((column) => (
                    <ColumnProfileCard key={column.column_name} column={column} rowCount={detail.data.row_count} bars={histograms.data?.get(column.column_name)} />
                  ))}
                </div>
              ) : (
                !detail.error && <p className="text-sm text-slate-500">Profiling columns…</p>
              )
            ) : (
              <DataPreview table={source.name} rowCount={detail.data?.row_count} />
            )}
          </div>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete ${source.name}?`}
          message={`The table ${source.name} and its file-source entry will be deleted from DuckDB. This cannot be undone.`}
          confirmLabel="Delete table"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ table: source.name })}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
