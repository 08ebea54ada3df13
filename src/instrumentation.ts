/**
 * Runs once when the Next.js server starts: schema migrations, the engine self-check and the
 * one-time legacy JSON import. Dynamic import so the Edge bundle and `next build` never load
 * DuckDB (STYLE.md pattern 6).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { getProcessApp } = await import('./server/db/instance');
  try {
    await getProcessApp();
  } catch (error) {
    // Refuse to serve on a broken or mismatched schema: say why, then stop.
    console.error(`[duckquery] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
