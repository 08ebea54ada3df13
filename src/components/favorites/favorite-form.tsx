'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { Field, inputClass, TextInput } from '@/components/ui/field';
import { errorData, fieldError } from '@/components/ui/trpc-error';

export interface FavoriteFormValues {
  name: string;
  sql: string;
  description: string;
  tags: string[];
}

export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

/**
 * Name, tags, description (and SQL when editing). Errors land beside their field: zod's per-field
 * messages, and a duplicate name (CONFLICT) under the name.
 */
export function FavoriteForm({
  initial,
  showSql,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: FavoriteFormValues;
  showSql: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: FavoriteFormValues) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial.name);
  const [tags, setTags] = useState(initial.tags.join(', '));
  const [description, setDescription] = useState(initial.description);
  const [sql, setSql] = useState(initial.sql);
  const conflict = errorData(error).code === 'CONFLICT';
  const nameError = fieldError(error, 'name') ?? (conflict && error instanceof Error ? error.message : undefined);
  const shownElsewhere = Boolean(nameError || fieldError(error, 'sql') || fieldError(error, 'tags'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name, sql, description, tags: parseTags(tags) });
  };

  return (
    <form onSubmit={submit} className="space-y-3">
      <Field label="Name" error={nameError}>
        <TextInput value={name} onChange={(e) => setName(e.target.value)} autoFocus required maxLength={200} />
      </Field>
      <Field label="Tags" hint="Comma-separated, e.g. sales, monthly" error={fieldError(error, 'tags')}>
        <TextInput value={tags} onChange={(e) => setTags(e.target.value)} />
      </Field>
      <Field label="Description">
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} className={inputClass} />
      </Field>
      {showSql ? (
        <Field label="SQL" error={fieldError(error, 'sql')}>
          <textarea value={sql} onChange={(e) => setSql(e.target.value)} rows={6} className={`${inputClass} font-mono text-xs`} required />
        </Field>
      ) : (
        <pre className="max-h-32 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">{sql}</pre>
      )}
      {!shownElsewhere && <ErrorNote error={error} />}
      <div className="flex justify-end gap-2 pt-1">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
