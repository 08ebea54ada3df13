import { z } from 'zod';
import { datasourceCreateInput, datasourceUpdateInput, type DatasourceView } from '../datasources/datasource';
import type { ConnectionTestResult } from '../datasources/datasources-service';
import { maskParams } from '../secrets/secret-fields';
import { nullAsMissing } from './read-json-body';

/**
 * POST /api/database_connections: `{id, type, params, name?, status?}`. Legacy clients also send
 * created_at / updated_at / last_tested; zod drops them (the server owns those).
 */
export const legacyConnectionCreateBody = z.preprocess(nullAsMissing(['id', 'name', 'status', 'params']), datasourceCreateInput);

/** PUT /api/database_connections/{id}: the full connection; its id comes from the path. */
export const legacyConnectionUpdateBody = z.preprocess(nullAsMissing(['name', 'type', 'status', 'params']), datasourceUpdateInput);

/** POST /api/database_connections/test: `{type, params}`. */
export const legacyConnectionTestBody = datasourceCreateInput.pick({ type: true, params: true });

/** POST /api/test_connection_simple: `{type, host, port, username, password, database}`. */
export const legacySimpleTestBody = z.preprocess(
  nullAsMissing(['host', 'port', 'username', 'password', 'database']),
  z.object({
    type: datasourceCreateInput.shape.type,
    host: z.string().max(1000).optional(),
    port: z.union([z.number().int().min(0).max(65535), z.string().max(10)]).optional(),
    username: z.string().max(1000).optional(),
    password: z.string().max(10_000).optional(),
    database: z.string().max(10_000).optional(),
  }),
);

/** `{id, name, type, params, status, created_at, updated_at, last_tested}`; secrets masked (again: never trust a caller to have). */
export function toLegacyConnection(c: DatasourceView) {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    params: maskParams(c.params),
    status: c.status,
    created_at: c.created_at,
    updated_at: c.updated_at,
    last_tested: c.last_tested,
  };
}

/** The legacy test answer: `{success, message, latency_ms, database_info}`. */
export function toLegacyTestResult(r: ConnectionTestResult) {
  return { success: r.success, message: r.message, latency_ms: r.latency_ms, database_info: r.database_info };
}

/** The message of a save that re-tested: the save succeeded either way; say how the test went. */
export function savedMessage(verb: 'created' | 'updated', test: ConnectionTestResult, saved: DatasourceView): string {
  const outcome = test.success ? 'the connection test succeeded' : 'the connection test did not succeed';
  return `Connection ${verb} with status '${saved.status}'; ${outcome}: ${test.message}`;
}
