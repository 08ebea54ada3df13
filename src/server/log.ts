/**
 * The app's only logger. Plain lines on stdout/stderr; callers must never pass a secret
 * (passwords, keys, tokens): nothing here can tell one apart.
 */
export const log = {
  info: (message: string) => console.log(`[duckquery] ${message}`),
  warn: (message: string) => console.warn(`[duckquery] ${message}`),
  error: (message: string) => console.error(`[duckquery] ${message}`),
};
