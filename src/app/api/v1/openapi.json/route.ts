import { openApiDocument } from '@/server/datasources/openapi-document';
import { legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate with.
 * Behind the same access check as the API it describes (tests/auth/rest-access.test.ts holds
 * every route to that).
 */
export const GET = legacyRoute(async () => legacyJson(openApiDocument()));
