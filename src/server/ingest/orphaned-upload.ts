import fs from 'node:fs/promises';
import type { AppContext } from '../app-context';
import { containingRoot } from '../server-files/containment';

/**
 * Removes an uploaded file no file-source row refers to any more (its table was replaced by a new
 * upload). Only files in the uploads folder: files of server folders are never touched.
 */
export async function removeIfOrphaned(app: AppContext, filePath: string | null): Promise<void> {
  if (!filePath || !(await containingRoot([app.config.uploadsDir], filePath))) return;
  const used = await app.database.read(async (c) =>
    Number((await c.runAndReadAll('SELECT count(*) FROM system_file_sources WHERE file_path = $1', [filePath])).getRowsJS()[0]![0]),
  );
  if (used === 0) await fs.rm(filePath, { force: true });
}
