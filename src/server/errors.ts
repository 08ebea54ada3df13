/**
 * Domain errors: each carries a code a person (or the UI) can act on. Mapped to tRPC and HTTP
 * in one place: src/server/api/to-trpc-error.ts.
 */
export type DomainErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'BAD_INPUT' | 'UNAVAILABLE' | 'NOT_IMPLEMENTED';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) => new DomainError('NOT_FOUND', `${what} '${id}' was not found`, { id });
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError('CONFLICT', message, details);
export const badInput = (message: string, details?: Record<string, unknown>) => new DomainError('BAD_INPUT', message, details);
