'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useProgress } from '@/components/lib/use-progress';
import { SCHEMA_QUERY_KEY } from '@/components/query/use-schema';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { inputClass } from '@/components/ui/field';
import { ProgressBar } from '@/components/ui/progress-bar';
import { useTRPC } from '@/trpc/react';

/** Imports an external table, or a query's result, into a new DuckDB table, with live progress and cancel. */
export function ConnectorImportForm({ connectionId, source, defaultName }: { connectionId: string; source: { table: string; schema: string | null } | { sql: string }; defaultName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [tableName, setTableName] = useState(defaultName);
  const [ifExists, setIfExists] = useState<'fail' | 'replace' | 'append'>('fail');
  const start = useMutation(trpc.datasources.import.mutationOptions());
  const cancel = useMutation(trpc.datasources.cancelImport.mutationOptions());
  const progressId = start.data?.progressId ?? null;
  const progress = useProgress(progressId);
  const state = progress.data?.state;

  if (state === 'done' && !start.isIdle) {
    // The new table belongs in every list of tables.
    void queryClient.invalidateQueries({ queryKey: trpc.tables.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.fileSources.pathKey() });
    void queryClient.invalidateQueries({ queryKey: SCHEMA_QUERY_KEY });
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ id: connectionId, ...source, tableName: tableName.trim() || undefined, ifExists });
  };

  return (
    <form onSubmit={submit} className="space-y-2 rounded border border-slate-200 p-3 dark:border-slate-800" aria-label="Import into DuckDB">
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="mb-1 block font-medium">DuckDB table</span>
          <input value={tableName} onChange={(e) => setTableName(e.target.value)} className={`${inputClass} w-56 font-mono`} aria-label="DuckDB table name" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">If it exists</span>
          <select value={ifExists} onChange={(e) => setIfExists(e.target.value as typeof ifExists)} className={`${inputClass} w-32`}>
            <option value="fail">stop</option>
            <option value="replace">replace</option>
            <option value="append">append</option>
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={start.isPending || state === 'running'}>
          Import into DuckDB
        </Button>
        {state === 'running' && progressId && (
          <Button variant="danger" onClick={() => cancel.mutate({ progressId })}>
            Cancel import
          </Button>
        )}
      </div>
      <ErrorNote error={start.error ?? cancel.error ?? progress.error} />
      {progress.data && <ProgressBar progress={progress.data} label={`Import of ${tableName}`} />}
      {state === 'done' && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
          Imported into DuckDB as <span className="font-mono">{String(progress.data?.result?.sourceId ?? progress.data?.result?.table ?? tableName)}</span>.
        </p>
      )}
    </form>
  );
}
