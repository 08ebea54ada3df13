import { statusAnswer } from '@/server/ingest/chunked/legacy-upload-shapes';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

interface UploadParams {
  params: Promise<{ upload_id: string }>;
}

/** Where a chunked upload stands (also after a server restart). 404 unknown upload. */
export const GET = legacyRoute(async (req: Request, { params }: UploadParams) => {
  const { upload_id } = await params;
  return legacyJson(statusAnswer(await (await callerFor(req)).uploads.status({ uploadId: upload_id })));
});
