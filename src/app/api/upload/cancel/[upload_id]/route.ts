import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

interface UploadParams {
  params: Promise<{ upload_id: string }>;
}

/** Stops the upload (also a running complete) and removes its session and files. 404 unknown upload. */
export const DELETE = legacyRoute(async (req: Request, { params }: UploadParams) => {
  const { upload_id } = await params;
  await (await callerFor(req)).uploads.cancel({ uploadId: upload_id });
  return legacyJson({ success: true, message: `Upload ${upload_id} cancelled` });
});
