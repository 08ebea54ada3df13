'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNote } from '@/components/ui/error-note';
import { Field, TextInput } from '@/components/ui/field';
import { fieldError } from '@/components/ui/trpc-error';
import { useTRPC } from '@/trpc/react';

/** Starts the editor's query as a background task whose result lands in a table. */
export function RunInBackgroundDialog({ sql, onClose, onStarted }: { sql: string; onClose: () => void; onStarted: (taskId: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [table, setTable] = useState('');
  const [replace, setReplace] = useState(false);
  const submit = useMutation(
    trpc.tasks.submit.mutationOptions({
      onSuccess: async ({ task }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
        onStarted(task.task_id);
      },
    }),
  );
  const start = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate({ sql, customTableName: table.trim() || undefined, ifExists: replace ? 'replace' : 'fail' });
  };
  return (
    <Dialog title="Run in background" onClose={onClose}>
      <form onSubmit={start} className="space-y-3">
        <pre className="max-h-32 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">{sql}</pre>
        <Field label="Result table" hint="Leave empty for an automatic name" error={fieldError(submit.error, 'customTableName')}>
          <TextInput value={table} onChange={(e) => setTable(e.target.value)} className="font-mono" autoFocus />
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Replace the table if it exists
        </label>
        <ErrorNote error={fieldError(submit.error, 'customTableName') ? null : submit.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={submit.isPending}>
            {submit.isPending ? 'Starting…' : 'Start task'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
