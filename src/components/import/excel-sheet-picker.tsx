'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatCount } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { inputClass } from '@/components/ui/field';
import { useTRPC } from '@/trpc/react';
import { ImportResult } from './import-result';

/** A workbook's sheets, each with its size and first columns: pick the sheets and their table names, then import. */
export function ExcelSheetPicker({ fileId, onImported }: { fileId: string; onImported: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workbook = useQuery(trpc.ingest.excelInspect.queryOptions({ file_id: fileId }));
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const importSheets = useMutation(
    trpc.ingest.excelImport.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        onImported();
      },
    }),
  );
  const toggle = (name: string, table: string) => {
    const next = { ...chosen };
    if (name in next) delete next[name];
    else next[name] = table;
    setChosen(next);
  };

  if (workbook.error) return <ErrorNote error={workbook.error} />;
  if (!workbook.data) return <p className="text-sm text-slate-500">Reading the workbook…</p>;
  return (
    <div className="space-y-3">
      <p className="text-sm">
        <span className="font-medium">{workbook.data.original_filename}</span> has {workbook.data.sheets.length} sheets: choose the ones to import.
      </p>
      <ul aria-label="Sheets" className="space-y-2">
        {workbook.data.sheets.map((sheet) => (
          <li key={sheet.name} className="rounded border border-slate-200 p-2 text-sm dark:border-slate-800">
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={sheet.name in chosen} onChange={() => toggle(sheet.name, sheet.default_table_name)} aria-label={`Import sheet ${sheet.name}`} />
              <span className="font-medium">{sheet.name}</span>
              <span className="text-xs text-slate-500">
                {formatCount(sheet.rows)} rows · {sheet.columns.slice(0, 6).join(', ')}
                {sheet.columns.length > 6 ? '…' : ''}
              </span>
            </label>
            {sheet.name in chosen && (
              <input
                aria-label={`Table for sheet ${sheet.name}`}
                value={chosen[sheet.name]}
                onChange={(e) => setChosen({ ...chosen, [sheet.name]: e.target.value })}
                className={`${inputClass} mt-2 font-mono`}
              />
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={importSheets.error} />
      <Button
        variant="primary"
        disabled={Object.keys(chosen).length === 0 || importSheets.isPending}
        onClick={() => importSheets.mutate({ file_id: fileId, sheets: Object.entries(chosen).map(([name, table]) => ({ name, target_table: table.trim() || undefined })) })}
      >
        {importSheets.isPending ? 'Importing…' : `Import ${Object.keys(chosen).length || ''} sheet${Object.keys(chosen).length === 1 ? '' : 's'}`}
      </Button>
      {importSheets.data?.results.map((result) => (
        <ImportResult key={result.target_table} source={{ source_id: result.target_table, row_count: result.row_count, column_count: result.column_count }} />
      ))}
    </div>
  );
}
