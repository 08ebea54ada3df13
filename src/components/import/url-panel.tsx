'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { Field, TextInput } from '@/components/ui/field';
import { ProgressBar } from '@/components/ui/progress-bar';
import { fieldError } from '@/components/ui/trpc-error';
import { useTRPC } from '@/trpc/react';
import { ExcelSheetPicker } from './excel-sheet-picker';
import { ImportResult } from './import-result';

/** A file from an http(s) address: downloaded by the server (public addresses only, unless allowed), with progress and cancel. */
export function UrlPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [tableAlias, setTableAlias] = useState('');
  const fromUrl = useMutation(trpc.uploads.fromUrl.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const cancel = useMutation(trpc.uploads.cancelUrlImport.mutationOptions());
  // fromUrl answers when the import is done; meanwhile its progress is found by kind and label.
  const running = useQuery({
    ...trpc.progress.list.queryOptions({ runningOnly: true }),
    enabled: fromUrl.isPending,
    refetchInterval: 500,
    staleTime: 0,
  });
  const progress = fromUrl.isPending ? running.data?.find((p) => p.kind === 'url_import' && p.label === url.trim().slice(0, 500)) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    fromUrl.mutate({ url: url.trim(), tableAlias: tableAlias.trim() || undefined });
  };
  const result = fromUrl.data?.result;
  return (
    <form onSubmit={submit} className="space-y-3">
      <Field label="URL" error={fieldError(fromUrl.error, 'url')} hint="CSV, TSV, JSON, NDJSON, Parquet or Excel; GitHub file pages are read raw">
        <TextInput type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/data.csv" required />
      </Field>
      <Field label="Table name" hint="Empty: named after the file">
        <TextInput value={tableAlias} onChange={(e) => setTableAlias(e.target.value)} className="font-mono" />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={fromUrl.isPending || !url.trim()}>
          {fromUrl.isPending ? 'Importing…' : 'Import from URL'}
        </Button>
        {progress && (
          <Button variant="danger" onClick={() => cancel.mutate({ progressId: progress.id })}>
            Cancel
          </Button>
        )}
      </div>
      {progress && <ProgressBar progress={progress} label={`Download of ${url}`} />}
      {!fieldError(fromUrl.error, 'url') && <ErrorNote error={fromUrl.error ?? cancel.error} />}
      {result?.kind === 'table' && <ImportResult source={result.source} preview={result.preview} />}
      {result?.kind === 'pending_excel' && <ExcelSheetPicker fileId={result.pendingExcel.file_id} onImported={() => undefined} />}
    </form>
  );
}
