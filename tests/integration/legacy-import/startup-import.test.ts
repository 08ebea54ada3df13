import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startup } from '@/server/startup';
import { copySampleConfig } from '../../helpers/legacy-fixtures';
import { makeTempDirs, testConfig } from '../../helpers/test-database';

describe('legacy import at start-up', () => {
  const dirs = makeTempDirs('duckquery-startup-import-');
  afterEach(() => dirs.cleanup());

  it('imports the legacy files once, and a corrupt one never stops start-up', async () => {
    copySampleConfig(dirs.configDir);
    fs.writeFileSync(path.join(dirs.configDir, 'sql-favorites.json'), '[{"id": "1", "name": "x", "sql": "SELECT 1"');
    const first = await startup(testConfig(dirs));
    try {
      const statuses = first.startupReport.legacyImport!.files.map((f) => [f.file, f.status]);
      expect(statuses).toEqual([
        ['file-datasources.json', 'imported'],
        ['sql-favorites.json', 'failed'],
        ['datasources.json', 'imported'],
        ['mysql-configs.json', 'skipped'],
      ]);
    } finally {
      first.database.close();
    }
    const second = await startup(testConfig(dirs));
    try {
      expect(second.startupReport.legacyImport!.files.map((f) => [f.file, f.status])).toEqual([
        ['sql-favorites.json', 'failed'],
        ['mysql-configs.json', 'skipped'],
      ]);
      const count = await second.database.read(async (c) => (await c.runAndReadAll('SELECT count(*)::INTEGER FROM system_file_sources')).getRowsJS());
      expect(count).toEqual([[8]]);
    } finally {
      second.database.close();
    }
  });
});
