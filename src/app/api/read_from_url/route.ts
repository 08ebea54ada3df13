import { importInputFromLegacy, legacyReadFromUrlBody, readFromUrlAnswer } from '@/server/ingest/url/legacy-url-shapes';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Downloads `url` and imports it as a table: `{url, table_alias, file_type?, encoding, delimiter, header}`.
 * 400 when the download fails or the URL is refused (private addresses…), 413 too large, 408 a server that hangs.
 */
export const POST = legacyRoute(
  async (req: Request) => {
    const body = await readJsonBody(req, legacyReadFromUrlBody);
    return legacyJson(readFromUrlAnswer(await (await callerFor(req)).uploads.fromUrl(importInputFromLegacy(body))));
  },
  { FORBIDDEN: 400 },
  { rateLimit: 'url_import' },
);
