import { expect } from 'vitest';
import { getApp } from '@/server/db/instance';
import { makeTempDirs } from './test-database';

/**
 * Points the process-wide app (getApp reads env on first use) at fresh temp dirs. Call at the top
 * of a test file, before the first request: vitest runs each file in its own forked process.
 */
export function useTempAppEnv(prefix = 'duckquery-rest-') {
  const dirs = makeTempDirs(prefix);
  for (const key of Object.keys(process.env)) if (key.startsWith('DUCKQUERY_')) delete process.env[key];
  process.env.DUCKQUERY_DATA_DIR = dirs.dataDir;
  process.env.DUCKQUERY_CONFIG_DIR = dirs.configDir;
  process.env.DUCKQUERY_SKIP_LEGACY_IMPORT = 'true';
  return {
    ...dirs,
    /** Closes the process's database (if it opened) and removes the temp dirs. */
    async cleanup() {
      const app = await getApp().catch(() => null);
      app?.database.close();
      dirs.cleanup();
    },
  };
}

export function jsonRequest(method: string, path: string, body?: unknown, init: RequestInit = {}): Request {
  return new Request(`http://127.0.0.1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

export const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

/** A response's status, raw text (to search for leaked secrets) and parsed JSON. */
export async function read(response: Response | Promise<Response>) {
  const res = await response;
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, any> };
}

export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The legacy error shape, exactly: `{success: false, detail: string, error: {code, message, details}}`. */
export function expectLegacyError(result: { status: number; body: Record<string, any> }, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(Object.keys(result.body).sort()).toEqual(['detail', 'error', 'success']);
  expect(result.body.success).toBe(false);
  expect(typeof result.body.detail).toBe('string');
  expect(Object.keys(result.body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(result.body.error.code).toBe(code);
  expect(result.body.error.message).toBe(result.body.detail);
}

/** A FastAPI-style 422: `{"detail": [{loc, msg, type}]}`, returned as `[loc.join('.'), type]` pairs. */
export function validationProblems(result: { status: number; body: Record<string, any> }) {
  expect(result.status).toBe(422);
  expect(Object.keys(result.body)).toEqual(['detail']);
  const items = result.body.detail as { loc: (string | number)[]; msg: string; type: string }[];
  for (const item of items) {
    expect(Object.keys(item).sort()).toEqual(['loc', 'msg', 'type']);
    expect(typeof item.msg).toBe('string');
  }
  return items.map((item) => [item.loc.join('.'), item.type]);
}
