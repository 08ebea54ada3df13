import { handleSession } from '@/server/auth/signin-handlers';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `{success, access_control, authenticated, role, via}` for the UI. */
export const GET = (req: Request) => handleSession(req);
