'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorNote } from '@/components/ui/error-note';
import { useTRPC } from '@/trpc/react';
import type { RouterOutputs } from '@/trpc/router-types';
import { ExternalQuery } from './external-query';
import { ExternalTableView } from './external-table-view';
import { TestResultNote } from './test-result-note';

type Connection = RouterOutputs['datasources']['list']['items'][number];

/** One connection: its params (secrets never shown), test, edit, delete, and browsing its tables. */
export function ConnectionDetail({ connection, canBrowse, secretFields, onEdit, onDeleted }: { connection: Connection; canBrowse: boolean; secretFields: string[]; onEdit: () => void; onDeleted: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [browsing, setBrowsing] = useState(false);
  const [table, setTable] = useState<{ schema: string | null; name: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.datasources.pathKey() });
  const test = useMutation(trpc.datasources.test.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.datasources.delete.mutationOptions({ onSuccess: async () => (await invalidate(), onDeleted()) }));
  const tables = useQuery({ ...trpc.datasources.tables.queryOptions({ id: connection.id }), enabled: browsing });
  const params = Object.entries(connection.params).filter(([key]) => !secretFields.includes(key));

  return (
    <section aria-label={`Connection ${connection.name}`} className="space-y-4 p-4">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold">{connection.name}</h2>
          <p className="text-xs text-slate-500">
            {connection.type} · last tested {formatDateTime(connection.last_tested)}
            {connection.description ? ` · ${connection.description}` : ''}
          </p>
        </div>
        <div className="flex gap-1.5">
          <Button size="sm" onClick={() => test.mutate({ id: connection.id })} disabled={test.isPending}>
            {test.isPending ? 'Testing…' : 'Test'}
          </Button>
          <Button size="sm" onClick={onEdit}>
            Edit
          </Button>
          <Button size="sm" variant="danger" onClick={() => (remove.reset(), setConfirming(true))}>
            Delete
          </Button>
        </div>
      </header>
      {connection.password_needs_reentry && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          The password of this connection could not be carried over from the legacy app: edit the connection and enter it again.
        </p>
      )}
      {test.data && <TestResultNote result={test.data.result} />}
      <ErrorNote error={test.error} />
      <dl className="grid grid-cols-[13rem_1fr] gap-x-3 gap-y-1 text-sm">
        {params.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="text-slate-500">{key}</dt>
            <dd className="truncate font-mono text-xs leading-5">{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
          </div>
        ))}
        {secretFields.map((key) => (
          <div key={key} className="contents">
            <dt className="text-slate-500">{key}</dt>
            <dd className="text-xs leading-5 text-slate-400 italic">stored encrypted, never shown</dd>
          </div>
        ))}
      </dl>
      {canBrowse ? (
        <div className="space-y-3 border-t border-slate-200 pt-3 dark:border-slate-800">
          <div className="flex items-center gap-2">
            <h3 className="text-sm font-semibold">Tables</h3>
            {!browsing && (
              <Button size="sm" onClick={() => setBrowsing(true)}>
                Browse tables
              </Button>
            )}
          </div>
          <ErrorNote error={tables.error} />
          {tables.isLoading && browsing && <p className="text-sm text-slate-500">Listing tables…</p>}
          {tables.data && (
            <ul aria-label="External tables" className="flex max-h-40 flex-wrap gap-1.5 overflow-auto">
              {tables.data.map((t) => {
                const active = table?.name === t.name && table.schema === t.schema;
                return (
                  <li key={`${t.schema}.${t.name}`}>
                    <button
                      type="button"
                      onClick={() => setTable({ schema: t.schema, name: t.name })}
                      className={`rounded border px-2 py-0.5 font-mono text-xs ${active ? 'border-blue-600 bg-blue-600 text-white' : 'border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800'}`}
                    >
                      {t.schema ? `${t.schema}.` : ''}
                      {t.name}
                      {t.type === 'view' && ' (view)'}
                    </button>
                  </li>
                );
              })}
              {tables.data.length === 0 && <li className="text-sm text-slate-500">No tables.</li>}
            </ul>
          )}
          {table && <ExternalTableView key={`${table.schema}.${table.name}`} connectionId={connection.id} table={table} />}
          <h3 className="pt-2 text-sm font-semibold">Query this database</h3>
          <ExternalQuery connectionId={connection.id} />
        </div>
      ) : (
        <p className="text-sm text-slate-500">DuckQuery has no connector for the type “{connection.type}”: it is kept as it was imported, but cannot be browsed.</p>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete ${connection.name}?`}
          message="The connection and its stored secrets will be deleted. Tables already imported from it stay in DuckDB."
          confirmLabel="Delete connection"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ id: connection.id })}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
