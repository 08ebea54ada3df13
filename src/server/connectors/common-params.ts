import { z } from 'zod';

/** Fields shared by every connector type (see connector.ts ConnectorParams). */
export const commonParams = {
  writable: z.boolean().default(false).describe('Allow queries that change the external database (default: read-only transactions)'),
  connect_timeout_seconds: z.coerce.number().int().min(1).max(600).default(10).describe('Give up connecting after this many seconds'),
  query_timeout_seconds: z.coerce.number().int().min(1).max(86_400).default(60).describe('Stop a query or a catalog read after this many seconds (an import runs as long as it takes, and can be cancelled)'),
};

/** host/port/user/password/database for network databases; legacy `username` is accepted for `user`. */
export function serverParams(defaultPort: number) {
  return {
    host: z.string().trim().min(1).max(1000).describe('Host name or address'),
    port: z.coerce.number().int().min(1).max(65_535).default(defaultPort),
    user: z.string().min(1).max(1000).describe('User name'),
    password: z.string().max(10_000).default('').describe('Password (secret)'),
    database: z.string().min(1).max(1000).describe('Database name'),
    ssl: z
      .enum(['disable', 'require', 'verify-full'])
      .default('disable')
      .describe('TLS: disable, require (encrypt without checking the certificate) or verify-full (check it against ssl_ca or the system CAs)'),
    ssl_ca: z.string().max(100_000).optional().describe('PEM CA certificate for verify-full'),
  };
}

/** Legacy params wrote `username`; the schemas read `user`. */
export function foldLegacyUsername(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const params = { ...(raw as Record<string, unknown>) };
  if ((params.user === undefined || params.user === '') && typeof params.username === 'string') params.user = params.username;
  delete params.username;
  return params;
}

/** TLS options in the shape both pg and mysql2 take. */
export function tlsOptions(ssl: 'disable' | 'require' | 'verify-full', ca: string | undefined) {
  if (ssl === 'disable') return undefined;
  if (ssl === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
}
