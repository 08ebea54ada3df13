import { z } from 'zod';
import { favoriteCreateInput, favoriteListInput, favoriteUpdateInput } from '../../favorites/favorite';
import { createFavoritesService } from '../../favorites/favorites-service';
import { createTRPCRouter, publicProcedure } from '../trpc';

const byId = z.object({ id: z.string().min(1).max(200) });
const service = publicProcedure.use(({ ctx, next }) => next({ ctx: { favorites: createFavoritesService(ctx.app, ctx.actor) } }));

export const favoritesRouter = createTRPCRouter({
  list: service.input(favoriteListInput).query(({ ctx, input }) => ctx.favorites.list(input)),
  get: service.input(byId).query(({ ctx, input }) => ctx.favorites.get(input.id)),
  create: service.input(favoriteCreateInput).mutation(({ ctx, input }) => ctx.favorites.create(input)),
  update: service
    .input(byId.extend({ patch: favoriteUpdateInput }))
    .mutation(({ ctx, input }) => ctx.favorites.update(input.id, input.patch)),
  delete: service.input(byId).mutation(({ ctx, input }) => ctx.favorites.delete(input.id)),
  use: service.input(byId).mutation(({ ctx, input }) => ctx.favorites.use(input.id)),
});
