import { TRPCError } from '@trpc/server';
import { DomainError, type DomainErrorCode } from '../errors';
import { DatabaseLockedError } from '../db/database';
import { MigrationIntegrityError } from '../db/schema-migrations';
import { SecretKeyError } from '../secrets/keyring';

/** The one place domain errors become tRPC errors (and, through tRPC, HTTP statuses). */
export const DOMAIN_TO_TRPC_CODE: Record<DomainErrorCode, TRPCError['code']> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  BAD_INPUT: 'BAD_REQUEST',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
};

export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) {
    return error.code === 'INTERNAL_SERVER_ERROR' && error.cause && error.cause !== error ? toTRPCError(error.cause) : error;
  }
  if (error instanceof DomainError) {
    return new TRPCError({ code: DOMAIN_TO_TRPC_CODE[error.code], message: error.message, cause: error });
  }
  if (error instanceof DatabaseLockedError || error instanceof MigrationIntegrityError || error instanceof SecretKeyError) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: error.message, cause: error });
  }
  // Unknown errors keep a generic message: engine messages can quote SQL, paths or values.
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal error', cause: error instanceof Error ? error : undefined });
}
