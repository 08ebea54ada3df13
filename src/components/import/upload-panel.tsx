'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import { formatBytes } from '@/components/lib/format';
import { useProgress } from '@/components/lib/use-progress';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { Field, TextInput } from '@/components/ui/field';
import { ProgressBar } from '@/components/ui/progress-bar';
import { ExcelSheetPicker } from './excel-sheet-picker';
import { ImportResult } from './import-result';
import { CHUNK_SIZE, useChunkedUpload } from './use-chunked-upload';

const ACCEPT = '.csv,.tsv,.txt,.json,.jsonl,.ndjson,.parquet,.xlsx';

/** Drag and drop or browse; CSV, TSV, JSON, Parquet, Excel. Large files go in resumable chunks. */
export function UploadPanel() {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [tableAlias, setTableAlias] = useState('');
  const [replace, setReplace] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [startedAt, setStartedAt] = useState(0);
  const { upload, sentBytes, progressId, resumed, cancel } = useChunkedUpload();
  const server = useProgress(upload.isPending && file && sentBytes >= file.size ? progressId : null);

  const start = (chosen: File) => {
    setFile(chosen);
    setStartedAt(Date.now());
    upload.mutate({ file: chosen, tableAlias: tableAlias.trim() || undefined, replace }, { onSuccess: () => queryClient.invalidateQueries() });
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) start(dropped);
  };

  const elapsed = Date.now() - startedAt;
  const rate = elapsed > 0 ? sentBytes / elapsed : 0;
  const sending = upload.isPending && file !== null && sentBytes < file.size;
  const outcome = upload.data;

  return (
    <div className="space-y-3">
      <div className="grid grid-cols-2 gap-3">
        <Field label="Table name" hint="Empty: named after the file">
          <TextInput value={tableAlias} onChange={(e) => setTableAlias(e.target.value)} className="font-mono" />
        </Field>
        <label className="mt-6 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Replace a table of that name
        </label>
      </div>
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        className={`flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed p-8 text-sm ${dragging ? 'border-blue-500 bg-blue-50 dark:bg-blue-950/40' : 'border-slate-300 dark:border-slate-700'}`}
      >
        <p>Drop a file here, or</p>
        <Button onClick={() => input.current?.click()} disabled={upload.isPending}>
          Choose a file…
        </Button>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          aria-label="File to import"
          className="hidden"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            if (chosen) start(chosen);
            e.target.value = '';
          }}
        />
        <p className="text-xs text-slate-500">CSV, TSV, JSON, NDJSON, Parquet or Excel. Files over {formatBytes(CHUNK_SIZE)} are sent in chunks and resume where they stopped.</p>
      </div>
      {file && upload.isPending && (
        <div className="space-y-2">
          <p className="text-sm">
            {file.name} ({formatBytes(file.size)}){resumed && ' — resuming the earlier upload'}
          </p>
          {sending || !server.data ? (
            <ProgressBar
              label={`Upload of ${file.name}`}
              progress={{
                phase: 'uploading',
                state: 'running',
                bytesDone: sentBytes,
                bytesTotal: file.size,
                rowsDone: 0,
                rowsTotal: null,
                etaMs: rate > 0 ? (file.size - sentBytes) / rate : null,
                error: null,
              }}
            />
          ) : (
            <ProgressBar label={`Import of ${file.name}`} progress={server.data} />
          )}
          <Button size="sm" variant="danger" onClick={cancel}>
            Cancel upload
          </Button>
        </div>
      )}
      <ErrorNote error={upload.error} />
      {outcome?.kind === 'table' && <ImportResult source={outcome.source} preview={outcome.preview} />}
      {outcome?.kind === 'pending_excel' && <ExcelSheetPicker fileId={outcome.pendingExcel.file_id} onImported={() => undefined} />}
    </div>
  );
}
