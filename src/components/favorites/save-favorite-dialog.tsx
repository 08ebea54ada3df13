'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '@/components/ui/dialog';
import { useTRPC } from '@/trpc/react';
import { FavoriteForm } from './favorite-form';

/** Saves the editor's SQL as a favorite. */
export function SaveFavoriteDialog({ sql, onClose, onSaved }: { sql: string; onClose: () => void; onSaved: (name: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.favorites.create.mutationOptions({
      onSuccess: async (favorite) => {
        await queryClient.invalidateQueries({ queryKey: trpc.favorites.pathKey() });
        onSaved(favorite.name);
      },
    }),
  );
  return (
    <Dialog title="Save as favorite" onClose={onClose}>
      <FavoriteForm
        initial={{ name: '', sql, description: '', tags: [] }}
        showSql={false}
        submitLabel="Save favorite"
        pending={create.isPending}
        error={create.error}
        onSubmit={(values) => create.mutate({ ...values, type: 'duckdb' })}
        onCancel={onClose}
      />
    </Dialog>
  );
}
