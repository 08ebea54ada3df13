'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { useTRPC } from '@/trpc/react';
import { LegacyFileReport } from './legacy-file-report';

/**
 * The legacy JSON import: a dry-run preview of what is found in the config folder (what would be
 * imported or skipped, and why), then run — or re-run from the backups with "force".
 */
export function LegacyImportPanel({ configDir }: { configDir: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [force, setForce] = useState(false);
  const preview = useQuery(trpc.migrations.previewLegacyImport.queryOptions({ force }));
  const run = useMutation(
    trpc.migrations.runLegacyImport.mutationOptions({
      // Everything the import can touch: its own history, the preview, and the imported rows.
      onSettled: () => queryClient.invalidateQueries(),
    }),
  );
  const report = run.data ?? null;
  const files = preview.data?.files ?? [];

  return (
    <section aria-labelledby="legacy-import" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="legacy-import" className="text-base font-semibold">
          Legacy JSON import
        </h2>
        <span className="font-mono text-xs text-slate-500">{configDir}</span>
        <label className="ml-auto flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          Re-run from backups (force)
        </label>
        <Button variant="primary" size="sm" onClick={() => run.mutate({ force })} disabled={run.isPending || files.length === 0}>
          {run.isPending ? 'Importing…' : force ? 'Re-run import' : 'Run import'}
        </Button>
      </div>
      <ErrorNote error={preview.error ?? run.error} />
      {report && (
        <div role="status" className="space-y-2">
          <h3 className="text-sm font-medium">Result of the run</h3>
          {report.files.length === 0 ? <p className="text-sm text-slate-500">No legacy file was found.</p> : report.files.map((file) => <LegacyFileReport key={`run-${file.file}`} file={file} />)}
        </div>
      )}
      <div className="space-y-2">
        <h3 className="text-sm font-medium">
          Preview (dry run{preview.data ? `, timestamps read in ${preview.data.timeZone}` : ''})
        </h3>
        {preview.isLoading && <p className="text-sm text-slate-500">Reading the legacy files…</p>}
        {preview.data && files.length === 0 && (
          <p className="text-sm text-slate-500">No legacy JSON file is waiting in this folder{force ? ', and there is no backup to re-run' : ''}.</p>
        )}
        {files.map((file) => (
          <LegacyFileReport key={`preview-${file.file}`} file={file} />
        ))}
      </div>
    </section>
  );
}
