/**
 * The approved building blocks for routers (after create-t3-app): the context, the router
 * factory and the procedures. Nothing else in src/server/api should call initTRPC.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z } from 'zod';
import type { AppContext } from '../app-context';
import { getAccessConfig } from '../auth/access-config';
import { AUTH_MESSAGES, authenticate } from '../auth/authenticate';
import { clientAddress } from '../auth/client-address';
import { checkCsrf } from '../auth/csrf';
import type { Principal } from '../auth/principal';
import { sessionKey } from '../auth/session';
import { getApp } from '../db/instance';
import { toTRPCError } from './to-trpc-error';

export interface TRPCContext {
  app: AppContext;
  /** Who is acting, for the audit log: 'admin', 'user' or 'anonymous' (no token configured, or not signed in). Never a token. */
  actor: string;
  headers: Headers;
  /** The authenticated caller; null when a token is configured and no valid credential came with the request. */
  principal: Principal | null;
  /** Why `principal` is null. */
  authFailure: 'missing' | 'invalid' | null;
  /** The client's IP address when it can be known (src/server/auth/client-address.ts); for rate limits. */
  clientIp: string | null;
  /** The HTTP method when the call came over HTTP (the CSRF check needs it); null for in-process callers. */
  method: string | null;
  /** Headers of the HTTP response, when there is one (Retry-After). */
  resHeaders: Headers | null;
}

export interface CreateContextOptions {
  headers: Headers;
  app?: AppContext;
  /**
   * A caller the server itself vouches for (tests, scripts). Without it the principal comes
   * from the headers: `Authorization: Bearer …` or the session cookie.
   */
  principal?: Principal;
  /** Overrides the audit actor's name (tests). */
  actor?: string;
  method?: string;
  resHeaders?: Headers;
}

export async function createTRPCContext(opts: CreateContextOptions): Promise<TRPCContext> {
  const app = opts.app ?? (await getApp());
  const config = getAccessConfig();
  const auth = opts.principal ? { ok: true as const, principal: opts.principal } : authenticate(opts.headers, config, () => sessionKey(app.keyring));
  const principal = auth.ok ? auth.principal : null;
  return {
    app,
    actor: opts.actor ?? principal?.actor ?? 'anonymous',
    headers: opts.headers,
    principal,
    authFailure: auth.ok ? null : auth.reason,
    clientIp: clientAddress(opts.headers, config),
    method: opts.method ?? null,
    resHeaders: opts.resHeaders ?? null,
  };
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

/**
 * Every procedure checks, itself, that the caller is signed in (when a token is configured) and,
 * for a state-changing HTTP request, that it is not cross-site (src/server/auth/csrf.ts). Pages
 * may also be guarded by src/proxy.ts, but nothing here relies on it.
 */
const requireAccess = t.middleware(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: AUTH_MESSAGES[ctx.authFailure ?? 'missing'] });
  if (ctx.method !== null) {
    const verdict = checkCsrf({ method: ctx.method, headers: ctx.headers, via: ctx.principal.via }, getAccessConfig());
    if (!verdict.ok) throw new TRPCError({ code: verdict.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'FORBIDDEN', message: verdict.message });
  }
  return next({ ctx: { principal: ctx.principal } });
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Any signed-in caller (everyone when no token is configured; the server then listens on loopback only). */
export const publicProcedure = t.procedure.use(mapErrors).use(requireAccess);
/** Admin-only actions: migrations and imports, the audit log, deleting connections, key rotation, settings. */
export const adminProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.principal.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'This action needs the admin role (sign in with DUCKQUERY_ADMIN_TOKEN)' });
  return next();
});
