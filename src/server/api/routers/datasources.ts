import { z } from 'zod';
import { notFound } from '../../errors';
import { datasourceCreateInput, datasourceListInput, datasourceUpdateInput, DATASOURCE_TYPES } from '../../datasources/datasource';
import { createDatasourcesService } from '../../datasources/datasources-service';
import { withRateLimit } from '../../rate-limit/with-rate-limit';
import { adminProcedure, createTRPCRouter, publicProcedure } from '../trpc';

const byId = z.object({ id: z.string().min(1).max(200) });
const withService = <T extends { app: Parameters<typeof createDatasourcesService>[0]; actor: string }>(ctx: T) =>
  createDatasourcesService(ctx.app, ctx.actor);
const service = publicProcedure.use(({ ctx, next }) => next({ ctx: { datasources: withService(ctx) } }));
const adminService = adminProcedure.use(({ ctx, next }) => next({ ctx: { datasources: withService(ctx) } }));

export const datasourcesRouter = createTRPCRouter({
  types: publicProcedure.query(() => DATASOURCE_TYPES),
  list: service.input(datasourceListInput).query(({ ctx, input }) => ctx.datasources.list(input)),
  get: service.input(byId).query(async ({ ctx, input }) => {
    const found = await ctx.datasources.get(input.id);
    if (!found) throw notFound('Connection', input.id);
    return found;
  }),
  create: service.input(datasourceCreateInput).mutation(({ ctx, input }) => ctx.datasources.create(input)),
  update: service
    .input(byId.extend({ patch: datasourceUpdateInput }))
    .mutation(({ ctx, input }) => ctx.datasources.update(input.id, input.patch)),
  delete: adminService.input(byId).mutation(({ ctx, input }) => ctx.datasources.delete(input.id)),
  /** Tests connection params that are not saved (the legacy "test" endpoints, a form's Test button). */
  testParams: service
    .input(z.object({ type: z.string().min(1).max(50), params: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => withRateLimit(ctx, 'connection_test', () => ctx.datasources.test(input.type))),
  /** Tests a stored connection and records the outcome on it. */
  test: service.input(byId).mutation(({ ctx, input }) =>
    withRateLimit(ctx, 'connection_test', async () => {
      const found = await ctx.datasources.get(input.id);
      if (!found) throw notFound('Connection', input.id);
      const result = await ctx.datasources.test(found.type);
      return { result, connection: await ctx.datasources.recordTest(input.id, result) };
    }),
  ),
});
