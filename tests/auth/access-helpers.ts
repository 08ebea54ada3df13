import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { POST as signIn } from '@/app/api/auth/signin/route';

export const USER_TOKEN = 'user-token-for-tests-0123456789';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const TRUSTED_ORIGIN = 'https://legacy.example.com';
export const BASE = 'http://127.0.0.1:3000';

/** Turns access control on for this test file's process (call after useTempAppEnv). */
export function enableAccessControl(extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    DUCKQUERY_ACCESS_TOKEN: USER_TOKEN,
    DUCKQUERY_ADMIN_TOKEN: ADMIN_TOKEN,
    DUCKQUERY_TRUSTED_ORIGINS: TRUSTED_ORIGIN,
    ...extra,
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A session cookie (`name=value`) from the sign-in route, as a browser would hold it. */
export async function sessionCookie(token: string): Promise<string> {
  const res = await signIn(
    new Request(`${BASE}/api/auth/signin`, {
      method: 'POST',
      headers: { host: '127.0.0.1:3000', origin: BASE, 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    }),
  );
  const setCookie = res.headers.get('set-cookie');
  if (res.status !== 200 || !setCookie) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return setCookie.split(';', 1)[0]!;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface RouteHandler {
  /** e.g. /api/sql-favorites/[id]/use */
  route: string;
  method: (typeof METHODS)[number];
  /** Calls the handler as Next.js would, with a URL and params made from the route. */
  call: (init: RequestInit & { headers?: Record<string, string> }) => Promise<Response>;
}

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

/** Every exported method of every route under src/app (found on disk, so new routes are covered). */
export async function allRouteHandlers(): Promise<RouteHandler[]> {
  const appDir = path.join(repoRoot, 'src/app');
  const handlers: RouteHandler[] = [];
  for (const file of routeFiles(appDir).sort()) {
    const route = `/${path.relative(appDir, path.dirname(file)).split(path.sep).join('/')}`;
    const segments = route.split('/').filter(Boolean);
    const params: Record<string, string | string[]> = {};
    const urlPath = segments
      .map((segment) => {
        const dynamic = /^\[(\.\.\.)?(.+)\]$/.exec(segment);
        if (!dynamic) return segment;
        params[dynamic[2]!] = dynamic[1] ? ['probe'] : 'probe';
        return 'probe';
      })
      .join('/');
    const mod = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler !== 'function') continue;
      handlers.push({
        route,
        method,
        call: ({ headers = {}, ...init }) =>
          (handler as (req: Request, ctx: unknown) => Promise<Response>)(
            new Request(`${BASE}/${urlPath}`, { method, headers: { host: '127.0.0.1:3000', ...headers }, ...init }),
            { params: Promise.resolve(params) },
          ),
      });
    }
  }
  return handlers;
}

export async function json(res: Response) {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}
