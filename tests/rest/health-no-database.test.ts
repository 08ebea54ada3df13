import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/health/route';
import { read, useTempAppEnv } from '../helpers/rest-env';

// The database "file" is a directory: DuckDB cannot open it, so start-up itself fails.
const env = useTempAppEnv();
const blocked = path.join(env.root, 'blocked.duckdb');
fs.mkdirSync(blocked);
process.env.DUCKQUERY_DB_PATH = blocked;
afterAll(() => env.cleanup());

describe('GET /health without a database', () => {
  it('answers 503 when the database cannot be opened, and keeps answering', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await read(GET());
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('unhealthy');
    }
  });
});
