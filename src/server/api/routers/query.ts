import { getAccessConfig } from '../../auth/access-config';
import { createQueryService } from '../../query/query-service';
import { queryCancelInput, queryRunInput } from '../../query/query-input';
import { withRateLimit } from '../../rate-limit/with-rate-limit';
import { createTRPCRouter, publicProcedure, type TRPCContext } from '../trpc';

const service = publicProcedure.use(({ ctx, next }) => next({ ctx: { queries: createQueryService(ctx.app, ctx.actor) } }));

/**
 * Whether the caller may write with SQL (user tables, views, exports): admins always; the user
 * role unless DUCKQUERY_USER_SQL_WRITES=false makes the SQL box read-only for it. System tables
 * are out of reach for everyone either way (src/server/query/).
 */
const canWrite = (ctx: TRPCContext) => ctx.principal?.role === 'admin' || getAccessConfig().userSqlWrites;

/** The SQL box: run (paged, guarded, with a timeout), cancel, what is running, the limits. */
export const queryRouter = createTRPCRouter({
  run: service
    .input(queryRunInput)
    .mutation(({ ctx, input }) => withRateLimit(ctx, 'query', () => ctx.queries.run({ ...input, canWrite: canWrite(ctx) }))),
  cancel: service.input(queryCancelInput).mutation(({ ctx, input }) => ctx.queries.cancel(input.queryId)),
  running: service.query(({ ctx }) => ctx.queries.running()),
  settings: service.query(({ ctx }) => ctx.queries.settings()),
});
