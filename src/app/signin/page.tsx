import { cookies, headers } from 'next/headers';
import { getAccessConfig } from '@/server/auth/access-config';
import { authenticate } from '@/server/auth/authenticate';
import { safeNextPath } from '@/server/auth/redirect-target';
import { sessionKey } from '@/server/auth/session';
import { getApp } from '@/server/db/instance';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · DuckQuery', robots: { index: false } };

const ERRORS: Record<string, string> = {
  invalid: 'That token is not valid.',
  rate_limited: 'Too many attempts: wait a minute, then try again.',
  origin: 'The sign-in form was posted from another site and was refused.',
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const box = 'mx-auto mt-[10vh] max-w-md space-y-4 rounded-lg border border-slate-200 p-8 dark:border-slate-800';
const field = 'mt-1 mb-4 block w-full rounded border border-slate-300 bg-white px-2 py-2 dark:border-slate-700 dark:bg-slate-950';
const button = 'rounded bg-blue-600 px-4 py-2 font-medium text-white hover:bg-blue-700';

/** Who this browser is signed in as, if anyone (the session cookie, checked like any request). */
async function currentRole(): Promise<string | null> {
  const config = getAccessConfig();
  if (!config.enabled) return null;
  await cookies(); // opt into per-request rendering of the cookie
  const app = await getApp();
  const auth = authenticate(await headers(), config, () => sessionKey(app.keyring));
  return auth.ok ? auth.principal.role : null;
}

/** The sign-in page: a plain form posting to /api/auth/signin, which redirects back to `next`. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  const error = ERRORS[first(params.error) ?? ''];
  const config = getAccessConfig();
  const role = await currentRole();

  if (!config.enabled) {
    return (
      <main className={box}>
        <h1 className="text-xl font-semibold">DuckQuery</h1>
        <p>
          Access control is off: no <code>DUCKQUERY_ACCESS_TOKEN</code> is set, so the server listens on this machine only and
          everyone who can reach it is admin. Nothing to sign in to.
        </p>
        <p>
          <a href={next} className="text-blue-600 underline dark:text-blue-400">Continue</a>
        </p>
      </main>
    );
  }

  return (
    <main className={box}>
      <h1 className="text-xl font-semibold">Sign in to DuckQuery</h1>
      {role && (
        <form method="post" action="/api/auth/signout">
          <p>
            Signed in as <strong>{role}</strong>. <a href={next} className="text-blue-600 underline dark:text-blue-400">Continue</a> or <button type="submit">sign out</button>
          </p>
        </form>
      )}
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <form method="post" action="/api/auth/signin">
        <input type="hidden" name="next" value={next} />
        <label htmlFor="token">Access token</label>
        <input id="token" name="token" type="password" autoComplete="current-password" required autoFocus className={field} />
        <button type="submit" className={button}>
          Sign in
        </button>
      </form>
      <p className="text-sm text-slate-500">
        The token is the server&apos;s <code>DUCKQUERY_ACCESS_TOKEN</code> (or <code>DUCKQUERY_ADMIN_TOKEN</code> for admin actions).
      </p>
    </main>
  );
}
