import { processWide } from '../shared/process-wide';
import type { ConnectorSession } from './connector';

interface Entry {
  fingerprint: string;
  session: Promise<ConnectorSession>;
}

/**
 * Open sessions (driver pools) of saved connections, one per connection id, on globalThis
 * because Next.js may load this module more than once. A session is reused while the stored
 * connection is unchanged; changing or deleting a connection closes its pool.
 */
const sessions = processWide('duckquery.connectorSessions', () => new Map<string, Entry>());

export async function cachedSession(id: string, fingerprint: string, open: () => Promise<ConnectorSession>): Promise<ConnectorSession> {
  const existing = sessions.get(id);
  if (existing?.fingerprint === fingerprint) return existing.session;
  if (existing) await closeSession(id);
  const session = open();
  sessions.set(id, { fingerprint, session });
  session.catch(() => {
    if (sessions.get(id)?.session === session) sessions.delete(id); // a failed open is not cached
  });
  return session;
}

/** Closes the pool of a connection (after it changed or was deleted); a no-op when none is open. */
export async function closeSession(id: string): Promise<void> {
  const entry = sessions.get(id);
  if (!entry) return;
  sessions.delete(id);
  await entry.session.then((s) => s.close()).catch(() => undefined);
}

/** Closes every pool (shutdown, tests). */
export async function closeAllSessions(): Promise<void> {
  await Promise.all([...sessions.keys()].map(closeSession));
}

export function openSessionCount(): number {
  return sessions.size;
}
