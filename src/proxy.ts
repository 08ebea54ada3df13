import { NextResponse, type NextRequest } from 'next/server';

/**
 * Page views only: with an access token configured, a browser without a session cookie is sent
 * to /signin. This is a convenience, not the access check: it only looks for the cookie, and
 * every API route and tRPC procedure authenticates the request itself (src/server/auth). Proxy
 * code should not share modules with the app (Next.js docs), hence the literal names below.
 */
const SESSION_COOKIE = 'duckquery_session'; // src/server/auth/session.ts

export function proxy(request: NextRequest) {
  const enabled = Boolean(process.env.DUCKQUERY_ACCESS_TOKEN?.trim() || process.env.DUCKQUERY_ADMIN_TOKEN?.trim());
  if (!enabled || request.cookies.has(SESSION_COOKIE) || request.headers.has('authorization')) return NextResponse.next();
  const target = request.nextUrl.clone();
  target.pathname = '/signin';
  target.search = '';
  const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (next !== '/') target.searchParams.set('next', next);
  return NextResponse.redirect(target, 303);
}

export const config = {
  // Everything but the API, /health, the sign-in page and static files.
  matcher: ['/((?!api/|_next/|health|signin|favicon.ico|robots.txt).*)'],
};
