import { urlInfoAnswer } from '@/server/ingest/url/legacy-url-shapes';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `?url=`: the file type, content type and length a URL would download, without downloading it. 400 unreachable or refused. */
export const GET = legacyRoute(
  async (req: Request) => {
    const url = new URL(req.url).searchParams.get('url') ?? '';
    return legacyJson(urlInfoAnswer(await (await callerFor(req)).uploads.urlInfo({ url })));
  },
  { FORBIDDEN: 400 },
  { rateLimit: 'url_import' },
);
