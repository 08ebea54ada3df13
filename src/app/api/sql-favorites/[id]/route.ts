import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { legacyFavoriteUpdateBody, toLegacyFavorite } from '@/server/rest/legacy-favorites';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Any subset of the fields; 404 unknown id, 400 (legacy) for a taken name; bumps updated_at. */
export const PUT = legacyRoute(
  async (req: Request, { params }: IdParams) => {
    const { id } = await params;
    const patch = await readJsonBody(req, legacyFavoriteUpdateBody);
    const updated = await (await callerFor(req)).favorites.update({ id, patch });
    return legacyJson({ success: true, data: toLegacyFavorite(updated) });
  },
  { CONFLICT: 400 },
);

/** Answers the deleted favorite; 404 unknown id. */
export const DELETE = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const deleted = await (await callerFor(req)).favorites.delete({ id });
  return legacyJson({ success: true, data: toLegacyFavorite(deleted) });
});
