import type { z } from 'zod';
import type { Page } from '../shared/list';
import type { FileSource, FileSourceListInput, fileSourceUpsertInput } from './file-source';

/** Storage contract for file-source metadata (DuckDB, or legacy JSON for debugging). */
export interface FileSourcesStore {
  list(input: FileSourceListInput): Promise<Page<FileSource>>;
  get(sourceId: string): Promise<FileSource | null>;
  /** INSERT … ON CONFLICT (source_id) DO UPDATE; created_at kept on update. */
  upsert(input: z.output<typeof fileSourceUpsertInput>): Promise<FileSource>;
  delete(sourceId: string): Promise<FileSource>;
}
