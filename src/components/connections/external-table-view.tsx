'use client';

import { useQuery } from '@tanstack/react-query';
import { ResultsGrid } from '@/components/query/results-grid';
import { ErrorNote } from '@/components/ui/error-note';
import { useTRPC } from '@/trpc/react';
import { ConnectorImportForm } from './connector-import-form';

/** A table of the external database: its columns (source and DuckDB types), row count, sample rows, and import. */
export function ExternalTableView({ connectionId, table }: { connectionId: string; table: { schema: string | null; name: string } }) {
  const trpc = useTRPC();
  const described = useQuery(trpc.datasources.describeTable.queryOptions({ id: connectionId, schema: table.schema, table: table.name, sampleRows: 20 }));
  const data = described.data;
  return (
    <div className="space-y-3">
      <h3 className="font-mono text-sm font-semibold">
        {table.schema ? `${table.schema}.` : ''}
        {table.name}
        {data && <span className="ml-2 font-sans text-xs font-normal text-slate-500">{data.rowCount.toLocaleString('en-US')} rows</span>}
      </h3>
      <ErrorNote error={described.error} />
      {described.isLoading && <p className="text-sm text-slate-500">Reading the table…</p>}
      {data && (
        <>
          <table className="w-full text-xs" aria-label={`Columns of ${table.name}`}>
            <thead className="text-left text-slate-500 uppercase">
              <tr>
                <th className="py-1 font-medium">Column</th>
                <th className="py-1 font-medium">Type there</th>
                <th className="py-1 font-medium">Type in DuckDB</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 font-mono dark:divide-slate-800">
              {data.columns.map((c) => (
                <tr key={c.name}>
                  <td className="py-1">{c.name}</td>
                  <td className="py-1 text-slate-500">{c.source_type}</td>
                  <td className="py-1">{c.duckdb_type}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.sample.rows.length > 0 && (
            <div className="h-48 rounded border border-slate-200 dark:border-slate-800">
              <ResultsGrid columns={data.columns.map((c) => ({ name: c.name, type: c.duckdb_type }))} rows={data.sample.rows} />
            </div>
          )}
          <ConnectorImportForm connectionId={connectionId} source={{ table: table.name, schema: table.schema }} defaultName={table.name} />
        </>
      )}
    </div>
  );
}
