'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useState } from 'react';
import { leaveSqlForEditor } from '@/components/lib/editor-handoff';
import { formatDateTime } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Dialog } from '@/components/ui/dialog';
import { ErrorNote } from '@/components/ui/error-note';
import { inputClass } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { useTRPC } from '@/trpc/react';
import type { RouterOutputs } from '@/trpc/router-types';
import { FavoriteForm } from './favorite-form';

type Favorite = RouterOutputs['favorites']['list']['items'][number];
type SortBy = 'usage_count' | 'name' | 'updated_at';

/** Saved queries: search, filter by tag, sort; open in the editor (counts a use), edit, delete. */
export function FavoritesPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState<string | null>(null);
  const [sortBy, setSortBy] = useState<SortBy>('usage_count');
  const [editing, setEditing] = useState<Favorite | null>(null);
  const [deleting, setDeleting] = useState<Favorite | null>(null);
  const deferredSearch = useDeferredValue(search.trim());

  const list = useQuery({
    ...trpc.favorites.list.queryOptions({
      search: deferredSearch || undefined,
      tag: tag ?? undefined,
      sortBy,
      sortDirection: sortBy === 'name' ? 'asc' : 'desc',
      limit: 500,
    }),
    placeholderData: keepPreviousData,
  });
  // Tags come from every favorite, not just the filtered page, so a filter can be switched directly.
  const all = useQuery(trpc.favorites.list.queryOptions({ limit: 1000 }));
  const tags = [...new Set((all.data?.items ?? []).flatMap((f) => f.tags))].sort((a, b) => a.localeCompare(b));

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.favorites.pathKey() });
  const use = useMutation(trpc.favorites.use.mutationOptions({ onSuccess: invalidate }));
  const update = useMutation(trpc.favorites.update.mutationOptions({ onSuccess: async () => (await invalidate(), setEditing(null)) }));
  const remove = useMutation(trpc.favorites.delete.mutationOptions({ onSuccess: async () => (await invalidate(), setDeleting(null)) }));

  const open = async (favorite: Favorite) => {
    await use.mutateAsync({ id: favorite.id }).catch(() => undefined); // a lost use count must not stop opening the query
    leaveSqlForEditor(favorite.sql);
    router.push('/');
  };

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader title="Favorites" description="Saved queries. Save one from the SQL editor with Ctrl+S." />
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search name, SQL or description" aria-label="Search favorites" className={`${inputClass} max-w-sm`} />
        <label className="flex items-center gap-1 text-sm text-slate-500">
          Sort
          <select aria-label="Sort favorites" value={sortBy} onChange={(e) => setSortBy(e.target.value as SortBy)} className={`${inputClass} w-auto`}>
            <option value="usage_count">Most used</option>
            <option value="updated_at">Recently changed</option>
            <option value="name">Name</option>
          </select>
        </label>
      </div>
      {tags.length > 0 && (
        <div className="flex flex-wrap gap-1.5 px-6 pb-3" aria-label="Filter by tag">
          {tags.map((t) => (
            <button
              key={t}
              type="button"
              aria-pressed={tag === t}
              onClick={() => setTag(tag === t ? null : t)}
              className={`rounded-full border px-2.5 py-0.5 text-xs ${tag === t ? 'border-blue-600 bg-blue-600 text-white' : 'border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800'}`}
            >
              #{t}
            </button>
          ))}
        </div>
      )}
      <ErrorNote error={list.error ?? use.error} className="mx-6 mb-3" />
      <div className="min-h-0 flex-1 overflow-auto px-6 pb-6">
        {list.data && list.data.items.length === 0 ? (
          <p className="text-sm text-slate-500">{search || tag ? 'No favorite matches.' : 'No favorites yet.'}</p>
        ) : (
          <ul aria-label="Favorites" className="divide-y divide-slate-200 rounded border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {list.data?.items.map((favorite) => (
              <li key={favorite.id} aria-label={favorite.name} className="flex items-start gap-4 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <h2 className="font-medium">{favorite.name}</h2>
                    {favorite.tags.map((t) => (
                      <Badge key={t} tone="info">
                        #{t}
                      </Badge>
                    ))}
                  </div>
                  {favorite.description && <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{favorite.description}</p>}
                  <code className="mt-1 line-clamp-2 block font-mono text-xs text-slate-500">{favorite.sql}</code>
                </div>
                <div className="shrink-0 text-right text-xs text-slate-500">
                  <div data-testid="usage-count">
                    Used {favorite.usage_count} {favorite.usage_count === 1 ? 'time' : 'times'}
                  </div>
                  <div>{formatDateTime(favorite.updated_at)}</div>
                </div>
                <div className="flex shrink-0 gap-1.5">
                  <Button size="sm" variant="primary" onClick={() => open(favorite)}>
                    Open
                  </Button>
                  <Button size="sm" onClick={() => (update.reset(), setEditing(favorite))}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => (remove.reset(), setDeleting(favorite))} aria-label={`Delete ${favorite.name}`}>
                    Delete
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {editing && (
        <Dialog title={`Edit ${editing.name}`} onClose={() => setEditing(null)}>
          <FavoriteForm
            initial={editing}
            showSql
            submitLabel="Save changes"
            pending={update.isPending}
            error={update.error}
            onSubmit={(values) => update.mutate({ id: editing.id, patch: values })}
            onCancel={() => setEditing(null)}
          />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          message="The saved query and its usage count will be deleted."
          confirmLabel="Delete favorite"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ id: deleting.id })}
          onClose={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
