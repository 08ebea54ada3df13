'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatDateTime } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { ErrorNote } from '@/components/ui/error-note';
import { useTRPC } from '@/trpc/react';

/** The external connections, as data sources beside the tables: type, status, last test; details on Connections. */
export function ConnectionSourceList({ search }: { search: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.datasources.list.queryOptions({ search: search || undefined, limit: 200, sortBy: 'name', sortDirection: 'asc' }));
  if (list.error) return <ErrorNote error={list.error} className="mx-3" />;
  if (!list.data || list.data.items.length === 0) return null;
  return (
    <section aria-label="Connection sources" className="border-t border-slate-200 px-3 py-2 dark:border-slate-800">
      <h2 className="py-1 text-xs font-medium text-slate-500 uppercase">Connections</h2>
      <ul className="space-y-0.5 text-sm">
        {list.data.items.map((c) => (
          <li key={c.id}>
            <Link href="/connections" className="flex items-center gap-2 rounded px-1 py-1 hover:bg-slate-50 dark:hover:bg-slate-900">
              <span className="min-w-0 flex-1 truncate">{c.name}</span>
              <Badge>{c.type}</Badge>
              <Badge tone={c.status === 'active' ? 'good' : c.status === 'error' ? 'bad' : 'neutral'}>{c.status}</Badge>
              <span className="w-32 text-right text-xs text-slate-500">{c.last_tested ? `tested ${formatDateTime(c.last_tested)}` : 'never tested'}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
