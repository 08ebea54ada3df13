import { TRPCError } from '@trpc/server';
import { isDomainError, type DomainErrorCode } from '../errors';

/** The one place domain errors become tRPC errors (and, through tRPC, HTTP statuses). */
export const DOMAIN_TO_TRPC_CODE: Record<DomainErrorCode, TRPCError['code']> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  BAD_INPUT: 'BAD_REQUEST',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  FORBIDDEN: 'FORBIDDEN',
  BUSY: 'TOO_MANY_REQUESTS',
  TIMEOUT: 'TIMEOUT',
  CANCELLED: 'CLIENT_CLOSED_REQUEST',
};

/** Start-up problems a person must fix on the server: said plainly, as 503. */
const UNAVAILABLE_ERRORS = new Set(['DatabaseLockedError', 'MigrationIntegrityError', 'MigrationFailedError', 'SecretKeyError', 'ConfigError']);

export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    return error.code === 'INTERNAL_SERVER_ERROR' && error.cause && error.cause !== error ? toTRPCError(error.cause) : error;
  }
  if (isDomainError(error)) {
    return new TRPCError({ code: DOMAIN_TO_TRPC_CODE[error.code], message: error.message, cause: error });
  }
  // By name, not instanceof: the app may come from another bundle (see isDomainError).
  if (error instanceof Error && UNAVAILABLE_ERRORS.has(error.name)) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: error.message, cause: error });
  }
  // Unknown errors keep a generic message: engine messages can quote SQL, paths or values.
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error', cause: error instanceof Error ? error : undefined });
}
