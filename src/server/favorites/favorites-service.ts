import type { z } from 'zod';
import { audited } from '../audit/audit-log';
import type { AppContext } from '../app-context';
import { notFound } from '../errors';
import type { FavoriteListInput, FavoriteUpdateInput, favoriteCreateInput } from './favorite';

/** Saved SQL: the store's operations, each change audited. */
export function createFavoritesService({ stores, database }: AppContext, actor: string) {
  const audit = <T>(action: string, id: string | null, details: Record<string, unknown>, work: () => Promise<T>) =>
    audited(database, { actor, action, target_type: 'favorite', target_id: id, details }, work);
  const store = stores.favorites;

  return {
    list: (input: FavoriteListInput) => store.list(input),
    async get(id: string) {
      const favorite = await store.get(id);
      if (!favorite) throw notFound('Favorite', id);
      return favorite;
    },
    create: (input: z.output<typeof favoriteCreateInput>) =>
      audit('favorite.create', input.id ?? null, { name: input.name }, () => store.create(input)),
    update: (id: string, patch: FavoriteUpdateInput) =>
      audit('favorite.update', id, { fields: Object.keys(patch) }, () => store.update(id, patch)),
    delete: (id: string) => audit('favorite.delete', id, {}, () => store.delete(id)),
    use: (id: string) => audit('favorite.use', id, {}, () => store.use(id)),
  };
}
