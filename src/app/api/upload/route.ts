import { createTRPCContext } from '@/server/api/trpc';
import { directUpload, legacyUploadAnswer } from '@/server/ingest/direct-upload';
import { legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Legacy shim (REST.md "File ingestion"): multipart `file`, optional `table_alias` (and `if_exists`
 * for the new UI, which cannot send files over tRPC). 400 unknown type or bad file, 413 too large.
 */
export const POST = legacyRoute(
  async (req: Request) => {
    const ctx = await createTRPCContext({ headers: req.headers });
    return legacyJson(legacyUploadAnswer(await directUpload(ctx.app, req, ctx.actor)));
  },
  {},
  { rateLimit: 'upload' },
);
