/**
 * Domain errors: each carries a code a person (or the UI) can act on. Mapped to tRPC and HTTP
 * in one place: src/server/api/to-trpc-error.ts.
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_INPUT'
  | 'UNAVAILABLE'
  | 'NOT_IMPLEMENTED'
  /** Understood, and not allowed (a SQL statement that would change DuckQuery's own tables…). */
  | 'FORBIDDEN'
  /** A capacity limit is reached (concurrent queries); trying again later can work. */
  | 'BUSY'
  /** The work ran past its time limit and was stopped. */
  | 'TIMEOUT'
  /** The caller cancelled the work. */
  | 'CANCELLED';

/**
 * Recognised by a registered symbol, not `instanceof`: Next.js bundles this module more than once
 * (instrumentation and every route), and the app built by one bundle throws errors that another
 * bundle's class would not recognise.
 */
const DOMAIN_ERROR = Symbol.for('duckquery.DomainError');

export function isDomainError(error: unknown): error is DomainError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[DOMAIN_ERROR] === true;
}

export class DomainError extends Error {
  readonly [DOMAIN_ERROR] = true;

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
