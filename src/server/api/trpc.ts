/**
 * The approved building blocks for routers (after create-t3-app): the context, the router
 * factory and the procedures. Nothing else in src/server/api should call initTRPC.
 */
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { getApp } from '../db/instance';
import { toTRPCError } from './to-trpc-error';

export interface TRPCContext {
  app: AppContext;
  /** Who is acting, for the audit log. Sign-in arrives with issue 4; until then everyone is 'anonymous'. */
  actor: string;
  headers: Headers;
}

export async function createTRPCContext(opts: { headers: Headers; app?: AppContext; actor?: string }): Promise<TRPCContext> {
  return { app: opts.app ?? (await getApp()), actor: opts.actor ?? 'anonymous', headers: opts.headers };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: cause instanceof z.ZodError ? z.flattenError(cause) : null,
        details: cause && 'details' in cause && typeof cause.details === 'object' ? cause.details : null,
      },
    };
  },
});

/** Maps every domain error to its tRPC code in one place, whatever procedure threw it. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) result.error = toTRPCError(result.error);
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);
/** Admin-only actions. Roles arrive with access control (issue 4); the server listens on loopback only until then. */
export const adminProcedure = publicProcedure;
