import type { AccessConfig, Role } from './access-config';
import { tokensEqual } from './token-compare';

/**
 * Who is calling. `actor` goes into audit rows: a role name, never a token.
 * - `open`: no token is configured (loopback only): everyone is admin, recorded as 'anonymous'.
 * - `bearer`: `Authorization: Bearer <token>`.
 * - `session`: the signed session cookie set by the sign-in page.
 */
export interface Principal {
  role: Role;
  actor: string;
  via: 'open' | 'bearer' | 'session';
}

export const OPEN_PRINCIPAL: Principal = Object.freeze({ role: 'admin', actor: 'anonymous', via: 'open' });

export function principalFor(role: Role, via: Principal['via']): Principal {
  return { role, actor: role, via };
}

/** The role a presented token grants, or null. Both tokens are always compared (no early exit). */
export function roleForToken(config: AccessConfig, presented: string): Role | null {
  const isAdmin = config.adminToken !== null && tokensEqual(presented, config.adminToken);
  const isAccess = config.accessToken !== null && tokensEqual(presented, config.accessToken);
  if (isAdmin) return 'admin';
  if (isAccess) return config.accessTokenRole;
  return null;
}
