import { afterAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/health/route';
import { getApp } from '@/server/db/instance';
import { ISO_8601, read, useTempAppEnv } from '../helpers/rest-env';

const env = useTempAppEnv();
afterAll(() => env.cleanup());

describe('GET /health', () => {
  it('answers 200 {status: "healthy", timestamp} after querying the database', async () => {
    const res = await read(GET());
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['status', 'timestamp']);
    expect(res.body.status).toBe('healthy');
    expect(res.body.timestamp).toMatch(ISO_8601);
  });

  it('answers 503 {status: "unhealthy"} when the database cannot answer', async () => {
    (await getApp()).database.close();
    const res = await read(GET());
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'unhealthy', timestamp: expect.stringMatching(ISO_8601), detail: expect.any(String) });
  });
});
