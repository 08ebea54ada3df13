import { initAnswer, initInputFromForm } from '@/server/ingest/chunked/legacy-upload-shapes';
import { readFormFields } from '@/server/ingest/chunked/multipart-form';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Starts a chunked upload: form `file_name`, `file_size`, `chunk_size`, `file_hash` (MD5, optional), `table_alias`. 413 too large; 400 unsupported type. */
export const POST = legacyRoute(
  async (req: Request) => {
    const input = initInputFromForm(await readFormFields(req));
    return legacyJson(initAnswer(await (await callerFor(req)).uploads.init(input)));
  },
  {},
  { rateLimit: 'upload' },
);
