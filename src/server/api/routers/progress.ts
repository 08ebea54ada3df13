import { z } from 'zod';
import { notFound } from '../../errors';
import { getProgress, listProgress } from '../../progress/progress-registry';
import { createTRPCRouter, publicProcedure } from '../trpc';

/**
 * Progress of uploads, downloads, imports and tasks, polled by the UI (every second or so while
 * something runs). Each caller sees their own work; admins see everyone's.
 */
export const progressRouter = createTRPCRouter({
  get: publicProcedure.input(z.object({ id: z.string().uuid() })).query(({ ctx, input }) => {
    const found = getProgress(input.id);
    if (!found || !visibleTo(found.actor, ctx)) throw notFound('Progress', input.id);
    return found;
  }),
  list: publicProcedure
    .input(z.object({ runningOnly: z.boolean().default(false) }).default({ runningOnly: false }))
    .query(({ ctx, input }) => listProgress({ runningOnly: input.runningOnly, actor: ctx.principal?.role === 'admin' ? undefined : ctx.actor })),
});

function visibleTo(actor: string, ctx: { actor: string; principal: { role: string } | null }): boolean {
  return ctx.principal?.role === 'admin' || actor === ctx.actor;
}
