import { getAccessConfig } from '@/server/auth/access-config';
import { authenticate } from '@/server/auth/authenticate';
import { sessionKey } from '@/server/auth/session';
import { getApp } from '@/server/db/instance';
import { checkHealth } from '@/server/rest/health';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * `{"status": "healthy", "timestamp"}` after really querying the database; 503 when it can't.
 * Open to everyone, also with an access token set: load balancers and container probes carry no
 * credentials, and the answer holds no data. With access control on, the reason for a 503
 * (`detail`, which can name files) is shown to signed-in callers only.
 */
export async function GET(req?: Request): Promise<Response> {
  const report = await checkHealth();
  if (report.body.detail !== undefined && !(await mayReadDetail(req))) {
    const { detail: _hidden, ...body } = report.body;
    return legacyJson(body, report.status);
  }
  return legacyJson(report.body, report.status);
}

async function mayReadDetail(req: Request | undefined): Promise<boolean> {
  const config = getAccessConfig();
  if (!config.enabled) return true;
  const app = await getApp().catch(() => null);
  return app !== null && req !== undefined && authenticate(req.headers, config, () => sessionKey(app.keyring)).ok;
}
