import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { toTRPCError } from '../api/to-trpc-error';
import { isDomainError } from '../errors';
import { log } from '../log';
import { legacyError, RestResponseError, validationError } from './responses';
import { zodIssuesToItems } from './zod-to-422';

/** Where a legacy route answered a different status than tRPC's mapping (e.g. 400 for a taken name). */
export type StatusOverrides = Partial<Record<TRPCError['code'], number>>;

/**
 * Any error thrown while serving a shim, as the legacy error response. Domain errors reach here
 * as TRPCErrors (mapped once, in to-trpc-error.ts); the status comes from tRPC's own table.
 */
export function errorToResponse(error: unknown, overrides: StatusOverrides = {}): Response {
  if (error instanceof RestResponseError) return error.response;
  const trpcError = toTRPCError(error);
  const cause = trpcError.cause;
  // The router re-validates its input; a problem the shim's schema let through is still a 422.
  if (cause instanceof z.ZodError) return validationError(zodIssuesToItems(cause));
  const status = overrides[trpcError.code] ?? getHTTPStatusCodeFromError(trpcError);
  if (status >= 500) log.error(`REST request failed: ${cause?.message ?? trpcError.message}`);
  const details = isDomainError(cause) ? (cause.details ?? null) : null;
  return legacyError(status, trpcError.code, trpcError.message, details);
}
