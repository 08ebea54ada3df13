import { z } from 'zod';
import { fileSourceListInput, fileSourceUpsertInput, sourceId } from '../../file-sources/file-source';
import { createFileSourcesService } from '../../file-sources/file-sources-service';
import { createTRPCRouter, publicProcedure } from '../trpc';

const byId = z.object({ sourceId });
const service = publicProcedure.use(({ ctx, next }) => next({ ctx: { fileSources: createFileSourcesService(ctx.app, ctx.actor) } }));

export const fileSourcesRouter = createTRPCRouter({
  list: service.input(fileSourceListInput).query(({ ctx, input }) => ctx.fileSources.list(input)),
  get: service.input(byId).query(({ ctx, input }) => ctx.fileSources.get(input.sourceId)),
  upsert: service.input(fileSourceUpsertInput).mutation(({ ctx, input }) => ctx.fileSources.upsert(input)),
  delete: service.input(byId).mutation(({ ctx, input }) => ctx.fileSources.delete(input.sourceId)),
});
