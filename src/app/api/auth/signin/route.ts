import { handleSignIn } from '@/server/auth/signin-handlers';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The sign-in form (urlencoded, 303 back to `next`) or JSON `{token}`; sets the session cookie. */
export const POST = (req: Request) => handleSignIn(req);
