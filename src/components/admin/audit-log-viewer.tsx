'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useDeferredValue, useState } from 'react';
import { formatCount, formatDateTime } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { inputClass } from '@/components/ui/field';
import { useTRPC } from '@/trpc/react';

const PAGE = 50;

/** The append-only audit log, newest first, filtered by actor, action, target and outcome (secrets are redacted by the server). */
export function AuditLogViewer() {
  const trpc = useTRPC();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [targetType, setTargetType] = useState('');
  const [outcome, setOutcome] = useState<'' | 'ok' | 'error'>('');
  const [offset, setOffset] = useState(0);
  const [expanded, setExpanded] = useState<number | null>(null);
  const filters = useDeferredValue({ actor: actor.trim(), action: action.trim(), targetType: targetType.trim(), outcome });
  const log = useQuery({
    ...trpc.migrations.auditLog.queryOptions({
      actor: filters.actor || undefined,
      action: filters.action || undefined,
      targetType: filters.targetType || undefined,
      outcome: filters.outcome || undefined,
      limit: PAGE,
      offset,
    }),
    placeholderData: keepPreviousData,
  });
  const filter = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    set(e.target.value);
    setOffset(0);
  };
  const total = log.data?.total ?? 0;

  return (
    <section aria-labelledby="audit-log" className="space-y-3">
      <h2 id="audit-log" className="text-base font-semibold">
        Audit log
      </h2>
      <div className="flex flex-wrap gap-2">
        <input aria-label="Filter by actor" placeholder="Actor (admin, user, anonymous)" value={actor} onChange={filter(setActor)} className={`${inputClass} w-48`} />
        <input aria-label="Filter by action" placeholder="Action (e.g. favorite.create)" value={action} onChange={filter(setAction)} className={`${inputClass} w-56`} />
        <input aria-label="Filter by target type" placeholder="Target type" value={targetType} onChange={filter(setTargetType)} className={`${inputClass} w-40`} />
        <select aria-label="Filter by outcome" value={outcome} onChange={filter((v) => setOutcome(v as '' | 'ok' | 'error'))} className={`${inputClass} w-32`}>
          <option value="">Any outcome</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
        </select>
      </div>
      <ErrorNote error={log.error} />
      <table className="w-full text-sm" aria-label="Audit log">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>
            <th className="py-1 font-medium">When</th>
            <th className="py-1 font-medium">Actor</th>
            <th className="py-1 font-medium">Action</th>
            <th className="py-1 font-medium">Target</th>
            <th className="py-1 font-medium">Outcome</th>
            <th className="py-1 text-right font-medium">ms</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {log.data?.items.map((row) => (
            <Fragment key={row.id}>
              <tr onClick={() => setExpanded(expanded === row.id ? null : row.id)} className="cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-900">
                <td className="py-1.5 text-xs whitespace-nowrap text-slate-500">{formatDateTime(row.occurred_at)}</td>
                <td className="py-1.5">{row.actor}</td>
                <td className="py-1.5 font-mono text-xs">{row.action}</td>
                <td className="max-w-64 truncate py-1.5 text-xs" title={row.target_id ?? ''}>
                  {row.target_type ? `${row.target_type}: ` : ''}
                  {row.target_id}
                </td>
                <td className="py-1.5">
                  <Badge tone={row.outcome === 'ok' ? 'good' : 'bad'}>{row.outcome}</Badge>
                </td>
                <td className="py-1.5 text-right text-xs text-slate-500 tabular-nums">{row.duration_ms === null ? '' : Math.round(row.duration_ms)}</td>
              </tr>
              {expanded === row.id && (
                <tr>
                  <td colSpan={6} className="bg-slate-50 p-2 dark:bg-slate-900">
                    <pre className="max-h-48 overflow-auto text-xs whitespace-pre-wrap">{JSON.stringify(row.details, null, 2)}</pre>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <div className="flex items-center gap-2 text-sm text-slate-500">
        <span data-testid="audit-range">
          {total === 0 ? 'No entries' : `${formatCount(offset + 1)}–${formatCount(Math.min(offset + PAGE, total))} of ${formatCount(total)}`}
        </span>
        <Button size="sm" className="ml-auto" onClick={() => setOffset(Math.max(0, offset - PAGE))} disabled={offset === 0}>
          ‹ Newer
        </Button>
        <Button size="sm" onClick={() => setOffset(offset + PAGE)} disabled={offset + PAGE >= total}>
          Older ›
        </Button>
      </div>
    </section>
  );
}
