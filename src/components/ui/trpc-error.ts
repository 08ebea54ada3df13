import { TRPCClientError } from '@trpc/client';

/** What the server's errorFormatter adds (src/server/api/trpc.ts): zod's flattened errors and domain details. */
interface ErrorData {
  code?: string;
  httpStatus?: number;
  zodError?: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
  details?: Record<string, unknown> | null;
}

export function errorData(error: unknown): ErrorData {
  return error instanceof TRPCClientError ? ((error.data ?? {}) as ErrorData) : {};
}

/** The message a person can act on: the server's (already free of secrets), else a network hint. */
export function errorText(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = errorData(error);
    if (data.zodError) {
      const fields = Object.entries(data.zodError.fieldErrors).map(([field, messages]) => `${field}: ${messages?.join(', ')}`);
      const all = [...data.zodError.formErrors, ...fields];
      if (all.length) return all.join('; ');
    }
    return error.message || 'The server refused the request';
  }
  if (error instanceof Error) return error.message === 'Failed to fetch' ? 'The server cannot be reached' : error.message;
  return String(error);
}

/** The message for one input field, to show beside it. */
export function fieldError(error: unknown, field: string): string | undefined {
  return errorData(error).zodError?.fieldErrors[field]?.join(', ');
}
