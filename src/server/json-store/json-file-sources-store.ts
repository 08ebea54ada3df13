import { notFound } from '../errors';
import type { FileSource } from '../file-sources/file-source';
import type { FileSourcesStore } from '../file-sources/file-sources-store';
import type { JsonCollection } from './json-collection';
import { containsIgnoreCase, sortAndPage } from './list-query';

/** FileSourcesStore over file-datasources.json, with the semantics of createDuckdbFileSourcesStore. */
export function createJsonFileSourcesStore(sources: JsonCollection<FileSource>): FileSourcesStore {
  return {
    async list(input) {
      const matching = (await sources.records()).filter(
        (s) =>
          (!input.search || containsIgnoreCase(s.source_id, input.search) || containsIgnoreCase(s.filename, input.search)) &&
          (!input.fileType || s.file_type === input.fileType),
      );
      const page = sortAndPage(matching, { key: (s) => s[input.sortBy], direction: input.sortDirection, id: (s) => s.source_id }, input);
      // Profiles are large: lists carry them only when asked.
      return input.includeProfiles ? page : { ...page, items: page.items.map((s) => ({ ...s, column_profiles: null })) };
    },

    get: (sourceId) => sources.get(sourceId),

    upsert: (input) =>
      sources.change((table) => {
        const current = table.get(input.source_id);
        const now = new Date();
        const { created_at, ...fields } = input;
        return table.put({ ...fields, created_at: current ? current.created_at : (created_at ?? now), updated_at: now });
      }),

    delete: (sourceId) =>
      sources.change((table) => {
        const source = table.get(sourceId);
        if (!source) throw notFound('File source', sourceId);
        table.remove(sourceId);
        return source;
      }),
  };
}
