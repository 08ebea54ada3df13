import type { z } from 'zod';
import { audited } from '../audit/audit-log';
import type { AppContext } from '../app-context';
import { notFound } from '../errors';
import type { FileSourceListInput, fileSourceUpsertInput } from './file-source';

/** File-source metadata: the store's operations, each change audited. */
export function createFileSourcesService({ stores, database }: AppContext, actor: string) {
  const audit = <T>(action: string, id: string, work: () => Promise<T>) =>
    audited(database, { actor, action, target_type: 'file_source', target_id: id }, work);
  const store = stores.fileSources;

  return {
    list: (input: FileSourceListInput) => store.list(input),
    async get(sourceId: string) {
      const source = await store.get(sourceId);
      if (!source) throw notFound('File source', sourceId);
      return source;
    },
    upsert: (input: z.output<typeof fileSourceUpsertInput>) =>
      audit('file_source.upsert', input.source_id, () => store.upsert(input)),
    delete: (sourceId: string) => audit('file_source.delete', sourceId, () => store.delete(sourceId)),
  };
}
