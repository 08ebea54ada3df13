'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { inputClass } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { useTRPC } from '@/trpc/react';
import type { RouterOutputs } from '@/trpc/router-types';
import { ConnectionDetail } from './connection-detail';
import { ConnectionFormDialog } from './connection-form-dialog';

type Connection = RouterOutputs['datasources']['list']['items'][number];

const STATUS_TONE: Record<string, BadgeTone> = { active: 'good', error: 'bad', inactive: 'neutral', testing: 'info' };

/** External databases: list, create/edit from each type's parameter schema, test, browse, import. */
export function ConnectionsPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [form, setForm] = useState<{ existing: Connection | null } | null>(null);
  const list = useQuery(trpc.datasources.list.queryOptions({ search: search.trim() || undefined, limit: 500, sortBy: 'name', sortDirection: 'asc' }));
  const types = useQuery(trpc.datasources.connectorTypes.queryOptions());
  const selected = list.data?.items.find((c) => c.id === selectedId) ?? null;
  const typeOf = (type: string) => types.data?.find((t) => t.type === type);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader
        title="Connections"
        description="PostgreSQL, MySQL/MariaDB and SQLite databases to browse and import from. Passwords are stored encrypted and never shown."
        actions={
          <Button variant="primary" onClick={() => setForm({ existing: null })} disabled={!types.data}>
            + New connection
          </Button>
        }
      />
      <div className="flex min-h-0 flex-1">
        <div className="flex w-80 shrink-0 flex-col border-r border-slate-200 dark:border-slate-800">
          <div className="p-3">
            <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search connections" aria-label="Search connections" className={inputClass} />
          </div>
          <ErrorNote error={list.error ?? types.error} className="mx-3" />
          <ul aria-label="Connections" className="min-h-0 flex-1 divide-y divide-slate-100 overflow-auto dark:divide-slate-800">
            {list.data?.items.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  onClick={() => setSelectedId(c.id)}
                  aria-current={c.id === selectedId ? 'true' : undefined}
                  className={`block w-full px-3 py-2 text-left ${c.id === selectedId ? 'bg-blue-50 dark:bg-blue-950/50' : 'hover:bg-slate-50 dark:hover:bg-slate-900'}`}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="truncate text-sm font-medium">{c.name}</span>
                    <Badge tone={STATUS_TONE[c.status] ?? 'neutral'}>{c.status}</Badge>
                  </span>
                  <span className="text-xs text-slate-500">
                    {typeOf(c.type)?.label ?? c.type}
                    {c.password_needs_reentry && ' · password needed'}
                  </span>
                </button>
              </li>
            ))}
            {list.data?.items.length === 0 && <li className="p-3 text-sm text-slate-500">No connections yet.</li>}
          </ul>
        </div>
        <div className="min-w-0 flex-1 overflow-auto">
          {selected ? (
            <ConnectionDetail
              key={selected.id}
              connection={selected}
              canBrowse={typeOf(selected.type) !== undefined}
              secretFields={typeOf(selected.type)?.secret_fields ?? ['password']}
              onEdit={() => setForm({ existing: selected })}
              onDeleted={() => setSelectedId(null)}
            />
          ) : (
            <p className="p-6 text-sm text-slate-500">Select a connection, or create one.</p>
          )}
        </div>
      </div>
      {form && types.data && (
        <ConnectionFormDialog
          types={types.data}
          existing={form.existing}
          onClose={() => setForm(null)}
          onSaved={(id) => {
            setForm(null);
            setSelectedId(id);
          }}
        />
      )}
    </div>
  );
}
