import { RestResponseError, validationError } from '../rest/responses';
import type { DatasourceListInput } from './datasource';
import { v1ListQuery } from './v1-schemas';

/** The list's query string as the router's list input; a bad value answers 422 naming `query.<name>`. */
export function readV1ListQuery(req: Request): DatasourceListInput {
  const raw = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = v1ListQuery.safeParse(raw);
  if (!parsed.success) {
    throw new RestResponseError(validationError(parsed.error.issues.map((i) => ({ loc: ['query', ...i.path.map(String)], msg: i.message, type: i.code }))));
  }
  const q = parsed.data;
  return { search: q.search, type: q.type, status: q.status, sortBy: q.sort_by, sortDirection: q.sort_direction, limit: q.limit, offset: q.offset };
}
