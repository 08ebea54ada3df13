'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ResultsGrid } from '@/components/query/results-grid';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { inputClass } from '@/components/ui/field';
import { useTRPC } from '@/trpc/react';
import { ConnectorImportForm } from './connector-import-form';

/** SQL run on the external database itself (read-only unless the connection is writable), and its result imported. */
export function ExternalQuery({ connectionId }: { connectionId: string }) {
  const trpc = useTRPC();
  const [sql, setSql] = useState('');
  const run = useMutation(trpc.datasources.query.mutationOptions());
  return (
    <div className="space-y-2">
      <textarea
        value={sql}
        onChange={(e) => setSql(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run.mutate({ id: connectionId, sql, limit: 200 });
        }}
        rows={4}
        placeholder="SQL for this database — Ctrl+Enter runs it"
        aria-label="SQL for the external database"
        className={`${inputClass} font-mono text-xs`}
      />
      <Button size="sm" variant="primary" onClick={() => run.mutate({ id: connectionId, sql, limit: 200 })} disabled={!sql.trim() || run.isPending}>
        {run.isPending ? 'Running…' : 'Run on this database'}
      </Button>
      <ErrorNote error={run.error} />
      {run.data && (
        <>
          <p className="text-xs text-slate-500" data-testid="external-query-summary">
            {run.data.rowCount} rows{run.data.truncated ? ' (first 200)' : ''} · {Math.round(run.data.elapsedMs)} ms
          </p>
          <div className="h-56 rounded border border-slate-200 dark:border-slate-800">
            <ResultsGrid columns={run.data.columns.map((c) => ({ name: c.name, type: c.duckdb_type }))} rows={run.data.rows} />
          </div>
          <ConnectorImportForm connectionId={connectionId} source={{ sql }} defaultName="query_result" />
        </>
      )}
    </div>
  );
}
