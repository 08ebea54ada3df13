/**
 * Where to send the browser after signing in: a path on this server only. Anything else (an
 * absolute URL, `//host`, `/\host`, control characters) becomes `/`, so the sign-in page cannot
 * be used to bounce users to another site.
 */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  return raw;
}

export function signInPath(next: string, error?: string): string {
  const query = new URLSearchParams();
  if (error) query.set('error', error);
  if (next !== '/') query.set('next', next);
  const text = query.toString();
  return text ? `/signin?${text}` : '/signin';
}
