import { getApp } from '../db/instance';
import { errorMessage } from '../db/errors';
import { runSelfCheck } from '../db/self-check';
import { log } from '../log';

/** A health probe must answer even when the database hangs: past this, it is unhealthy. */
const HEALTH_TIMEOUT_MS = 5_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface HealthReport {
  status: 200 | 503;
  body: { status: 'healthy' | 'unhealthy'; timestamp: string; detail?: string };
}

/**
 * GET /health (REST.md **Fix**): really asks the database — the start-up self-check (engine
 * answers, system tables exist, a transaction commits) — instead of answering "healthy" blindly.
 */
export async function checkHealth(timeoutMs = HEALTH_TIMEOUT_MS): Promise<HealthReport> {
  let detail: string;
  try {
    const check = await withTimeout(
      getApp().then((app) => runSelfCheck(app.database)),
      timeoutMs,
    );
    if (check.ok) return { status: 200, body: { status: 'healthy', timestamp: new Date().toISOString() } };
    detail = check.problems.join('; ');
  } catch (error) {
    detail = errorMessage(error);
  }
  log.warn(`health check failed: ${detail}`);
  return { status: 503, body: { status: 'unhealthy', timestamp: new Date().toISOString(), detail } };
}
