import { tableNameInput } from '../../query/query-input';
import { createTablesService } from '../../tables/tables-service';
import { createTRPCRouter, publicProcedure } from '../trpc';

const service = publicProcedure.use(({ ctx, next }) => next({ ctx: { tables: createTablesService(ctx.app, ctx.actor) } }));

/** User tables: list (newest first), live column statistics, refresh, delete (audited). */
export const tablesRouter = createTRPCRouter({
  list: service.query(({ ctx }) => ctx.tables.list()),
  detail: service.input(tableNameInput).query(({ ctx, input }) => ctx.tables.detail(input.table)),
  refresh: service.input(tableNameInput).mutation(({ ctx, input }) => ctx.tables.refresh(input.table)),
  delete: service.input(tableNameInput).mutation(({ ctx, input }) => ctx.tables.delete(input.table)),
});
