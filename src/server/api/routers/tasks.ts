import { getAccessConfig } from '../../auth/access-config';
import { DomainError } from '../../errors';
import { withRateLimit } from '../../rate-limit/with-rate-limit';
import { taskCancelInput, taskExportInput, taskIdInput, taskListInput, taskRetryInput, taskSubmitInput } from '../../tasks/task';
import { createTasksService } from '../../tasks/tasks-service';
import { createTRPCRouter, publicProcedure, type TRPCContext } from '../trpc';

const service = publicProcedure.use(({ ctx, next }) =>
  next({ ctx: { tasks: createTasksService(ctx.app, { actor: ctx.actor, seesAll: ctx.principal.role === 'admin' }) } }),
);

/**
 * A task saves a query's result as a table, a write like the SQL box's save_as_table: the user
 * role needs write rights (DUCKQUERY_USER_SQL_WRITES), admins always have them.
 */
function requireWriteRights(ctx: TRPCContext): void {
  if (ctx.principal?.role === 'admin' || getAccessConfig().userSqlWrites) return;
  throw new DomainError('FORBIDDEN', 'Saving a query result as a table needs write rights (DUCKQUERY_USER_SQL_WRITES=false makes the user role read-only)');
}

/**
 * Async tasks: a read-only query run in the background into a table (submit, retry), followed
 * with get/list and tRPC `progress.get` (the task's `progressId`), stopped with cancel, and
 * downloaded as CSV or Parquet with export (the file is then streamed by
 * `POST /api/async-tasks/{id}/download`).
 */
export const tasksRouter = createTRPCRouter({
  submit: service.input(taskSubmitInput).mutation(({ ctx, input }) => {
    requireWriteRights(ctx);
    return withRateLimit(ctx, 'query', () => ctx.tasks.submit(input));
  }),
  list: service.input(taskListInput).query(({ ctx, input }) => ctx.tasks.list(input)),
  get: service.input(taskIdInput).query(({ ctx, input }) => ctx.tasks.get(input.taskId)),
  cancel: service.input(taskCancelInput).mutation(({ ctx, input }) => ctx.tasks.cancel(input.taskId, input.reason)),
  retry: service.input(taskRetryInput).mutation(({ ctx, input }) => {
    requireWriteRights(ctx);
    return withRateLimit(ctx, 'query', () => ctx.tasks.retry(input));
  }),
  // A COPY of a whole table is heavy work, counted like a query.
  export: service.input(taskExportInput).mutation(({ ctx, input }) => withRateLimit(ctx, 'query', () => ctx.tasks.exportResult(input.taskId, input.format))),
});
