import { createQueryService } from '../../query/query-service';
import { queryCancelInput, queryRunInput } from '../../query/query-input';
import { withRateLimit } from '../../rate-limit/with-rate-limit';
import { createTRPCRouter, publicProcedure, type TRPCContext } from '../trpc';

const service = publicProcedure.use(({ ctx, next }) => next({ ctx: { queries: createQueryService(ctx.app, ctx.actor) } }));

/**
 * Whether the caller may write with SQL (user tables, views, exports). Everyone who may use the
 * API may, for now; access control (issue 4, item 4) decides here once roles can say otherwise.
 */
const canWrite = (_ctx: TRPCContext) => true;

/** The SQL box: run (paged, guarded, with a timeout), cancel, what is running, the limits. */
export const queryRouter = createTRPCRouter({
  run: service
    .input(queryRunInput)
    .mutation(({ ctx, input }) => withRateLimit(ctx, 'query', () => ctx.queries.run({ ...input, canWrite: canWrite(ctx) }))),
  cancel: service.input(queryCancelInput).mutation(({ ctx, input }) => ctx.queries.cancel(input.queryId)),
  running: service.query(({ ctx }) => ctx.queries.running()),
  settings: service.query(({ ctx }) => ctx.queries.settings()),
});
