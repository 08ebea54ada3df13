/** Classifies DuckDB errors by message: the binding exposes no error codes. */

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Two transactions changed the same row or catalog entry; retrying the loser is safe. */
export function isWriteConflict(error: unknown): boolean {
  const message = errorMessage(error);
  return /TransactionContext Error/i.test(message) && /conflict/i.test(message);
}

/** Another process holds the database file (DuckDB allows one writer process per file). */
export function isFileLockError(error: unknown): boolean {
  return /Could not set lock on file/i.test(errorMessage(error));
}

export function isConstraintError(error: unknown): boolean {
  return /Constraint Error/i.test(errorMessage(error));
}
