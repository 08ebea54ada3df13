import { completeAnswer, uploadIdFromForm } from '@/server/ingest/chunked/legacy-upload-shapes';
import { readFormFields } from '@/server/ingest/chunked/multipart-form';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Assembles the chunks (checking the MD5 when given) and imports the file: form `upload_id`. 400 missing chunks or MD5 mismatch; 404 unknown upload. */
export const POST = legacyRoute(
  async (req: Request) => {
    const uploadId = uploadIdFromForm(await readFormFields(req));
    return legacyJson(completeAnswer(await (await callerFor(req)).uploads.complete({ uploadId })));
  },
  {},
  { rateLimit: 'upload' },
);
