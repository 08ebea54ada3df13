import { handleSignOut } from '@/server/auth/signin-handlers';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Deletes the session cookie. */
export const POST = (req: Request) => handleSignOut(req);
