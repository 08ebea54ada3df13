import { callerFor, collectAllPages, legacyRoute } from '@/server/rest/legacy-route';
import { legacyFavoriteCreateBody, toLegacyFavorite } from '@/server/rest/legacy-favorites';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Legacy shim (REST.md "SQL favorites"): every favorite, oldest first like the legacy file. */
export const GET = legacyRoute(async (req: Request) => {
  const caller = await callerFor(req);
  const favorites = await collectAllPages((page) => caller.favorites.list({ ...page, sortBy: 'created_at', sortDirection: 'asc' }));
  return legacyJson({ success: true, data: favorites.map(toLegacyFavorite) });
});

/** 400 (not tRPC's 409) for a taken name, as the legacy API answered. */
export const POST = legacyRoute(
  async (req: Request) => {
    const input = await readJsonBody(req, legacyFavoriteCreateBody);
    const created = await (await callerFor(req)).favorites.create(input);
    return legacyJson({ success: true, data: toLegacyFavorite(created) });
  },
  { CONFLICT: 400 },
);
