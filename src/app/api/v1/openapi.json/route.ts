import { openApiDocument } from '@/server/datasources/openapi-document';

export const dynamic = 'force-static';
export const runtime = 'nodejs';

/** The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate with. Public: it holds no data. */
export function GET(): Response {
  return Response.json(openApiDocument());
}
