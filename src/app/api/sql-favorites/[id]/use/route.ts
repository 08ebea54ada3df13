import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { toLegacyFavorite } from '@/server/rest/legacy-favorites';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** usage_count + 1 (atomic in the store); 404 unknown id. No body. */
export const POST = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const used = await (await callerFor(req)).favorites.use({ id });
  return legacyJson({ success: true, data: toLegacyFavorite(used) });
});
