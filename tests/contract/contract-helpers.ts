import { expect } from 'vitest';
import { DomainError, type DomainErrorCode } from '@/server/errors';

/** The DomainError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function domainError(promise: Promise<unknown>, code: DomainErrorCode): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a DomainError ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

/** Enough time for a clock with millisecond resolution to move on. */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 15));

export const at = (iso: string) => new Date(iso);
