'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { cellText } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { Field, inputClass, TextInput } from '@/components/ui/field';
import { fieldError } from '@/components/ui/trpc-error';
import { useTRPC } from '@/trpc/react';
import { ImportResult } from './import-result';

const DELIMITERS = [
  { value: '', label: 'detect' },
  { value: ',', label: 'comma' },
  { value: '\t', label: 'tab' },
  { value: ';', label: 'semicolon' },
  { value: '|', label: 'pipe' },
];

/** Pasted text (e.g. from a spreadsheet): a live preview of the detected columns and types, then save as a table. */
export function PastePanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [delimiter, setDelimiter] = useState('');
  const [header, setHeader] = useState<'detect' | 'yes' | 'no'>('detect');
  const [tableName, setTableName] = useState('');
  const preview = useMutation(trpc.ingest.pastePreview.mutationOptions());
  const save = useMutation(trpc.ingest.paste.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const options = { delimiter: delimiter || undefined, header: header === 'detect' ? undefined : header === 'yes' };

  // The preview follows the text as it is typed or pasted, a moment after the last change.
  const previewMutate = preview.mutate;
  useEffect(() => {
    if (!text.trim()) return;
    const timer = setTimeout(() => previewMutate({ text, ...options }), 350);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, delimiter, header, previewMutate]);

  const detected = text.trim() ? preview.data : undefined;
  return (
    <div className="space-y-3">
      <Field label="Data" error={fieldError(preview.error, 'text')}>
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={7}
          placeholder={'Paste rows here, e.g.\nname,amount\nalpha,1.5\nbeta,2'}
          aria-label="Pasted data"
          className={`${inputClass} font-mono text-xs`}
        />
      </Field>
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Delimiter</span>
          <select value={delimiter} onChange={(e) => setDelimiter(e.target.value)} className={`${inputClass} w-32`} aria-label="Delimiter">
            {DELIMITERS.map((d) => (
              <option key={d.label} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Header row</span>
          <select value={header} onChange={(e) => setHeader(e.target.value as typeof header)} className={`${inputClass} w-28`} aria-label="Header row">
            <option value="detect">detect</option>
            <option value="yes">yes</option>
            <option value="no">no</option>
          </select>
        </label>
      </div>
      {text.trim() && <ErrorNote error={preview.error} />}
      {detected && (
        <section aria-label="Detected columns" className="space-y-2">
          <p className="text-xs text-slate-500">
            Detected: {detected.columns.length} columns
            {`, delimiter ${JSON.stringify(detected.delimiter)}, header row ${detected.hasHeader ? 'yes' : 'no'}`}
          </p>
          <div className="max-h-48 overflow-auto rounded border border-slate-200 dark:border-slate-800">
            <table className="w-full font-mono text-xs">
              <thead className="sticky top-0 bg-slate-100 dark:bg-slate-800">
                <tr>
                  {detected.columns.map((c) => (
                    <th key={c.name} className="px-2 py-1 text-left">
                      <div className="font-semibold">{c.name}</div>
                      <div className="text-[10px] font-normal text-slate-500 uppercase">{c.type}</div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {detected.rows.slice(0, 10).map((row, i) => (
                  <tr key={i} className="border-t border-slate-100 dark:border-slate-800">
                    {Object.values(row).map((value, j) => (
                      <td key={j} className="px-2 py-1">
                        {cellText(value)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <Field label="Table name" error={fieldError(save.error, 'tableName')}>
            <TextInput value={tableName} onChange={(e) => setTableName(e.target.value)} className="font-mono" placeholder="pasted_data" />
          </Field>
        </div>
        <Button variant="primary" disabled={!text.trim() || !tableName.trim() || save.isPending} onClick={() => save.mutate({ text, ...options, tableName: tableName.trim(), ifExists: 'fail' })}>
          {save.isPending ? 'Saving…' : 'Save as table'}
        </Button>
      </div>
      {!fieldError(save.error, 'tableName') && <ErrorNote error={save.error} />}
      {save.data && <ImportResult source={save.data} />}
    </div>
  );
}
