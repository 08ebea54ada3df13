/**
 * Runs once when the Next.js server starts: schema migrations, the engine self-check and the
 * one-time legacy JSON import (src/server/boot.ts). Dynamic import so the Edge bundle and
 * `next build` never load DuckDB (STYLE.md pattern 6).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { bootServer } = await import('./server/boot');
  await bootServer();
}
