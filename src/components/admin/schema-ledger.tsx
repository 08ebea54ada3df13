'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { useTRPC } from '@/trpc/react';
import type { RouterOutputs } from '@/trpc/router-types';

type Status = RouterOutputs['migrations']['status'];

/** The schema migration ledger: each file, applied or pending, and whether an applied one was edited. */
export function SchemaLedger({ status }: { status: Status }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useMutation(trpc.migrations.runSchema.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.migrations.pathKey() }) }));
  const pending = status.schema.migrations.filter((m) => !m.appliedAt).length;
  return (
    <section aria-labelledby="schema-ledger" className="space-y-3">
      <div className="flex items-center justify-between">
        <h2 id="schema-ledger" className="text-base font-semibold">
          Schema migrations
        </h2>
        <Button size="sm" onClick={() => run.mutate()} disabled={run.isPending || pending === 0} title={pending === 0 ? 'Every migration is applied' : undefined}>
          {run.isPending ? 'Applying…' : `Apply pending (${pending})`}
        </Button>
      </div>
      {status.schema.problems.map((problem) => (
        <ErrorNote key={problem} error={new Error(problem)} />
      ))}
      <ErrorNote error={run.error} />
      <table className="w-full text-sm" aria-label="Schema migration ledger">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>
            <th className="py-1 font-medium">File</th>
            <th className="py-1 font-medium">Status</th>
            <th className="py-1 font-medium">Applied</th>
            <th className="py-1 font-medium">Checksum</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {status.schema.migrations.map((m) => (
            <tr key={m.name}>
              <td className="py-1.5 font-mono text-xs">{m.name}</td>
              <td className="py-1.5">
                {m.edited ? <Badge tone="bad">edited after applying</Badge> : m.appliedAt ? <Badge tone="good">applied</Badge> : <Badge tone="warn">pending</Badge>}
              </td>
              <td className="py-1.5 text-xs text-slate-500">{formatDateTime(m.appliedAt as Date | null)}</td>
              <td className="py-1.5 font-mono text-[11px] text-slate-400" title={m.checksum}>
                {m.checksum.slice(0, 12)}…
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
