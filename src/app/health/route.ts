import { checkHealth } from '@/server/rest/health';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `{"status": "healthy", "timestamp"}` after really querying the database; 503 when it can't. */
export async function GET(): Promise<Response> {
  const report = await checkHealth();
  return legacyJson(report.body, report.status);
}
