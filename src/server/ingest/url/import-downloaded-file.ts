import fs from 'node:fs/promises';
import type { AppContext } from '../../app-context';
import type { ProgressHandle } from '../../progress/progress-registry';
import { normalizeEncoding, type CsvOptions } from '../duckdb-readers';
import { importReceivedFile, type ReceivedImport } from '../import-received-file';
import { ingestStoredFile, previewRows, type IfExists } from '../ingest-stored-file';
import type { DownloadedFile } from './download-url';

export interface CsvChoices {
  delimiter?: string;
  header?: boolean;
  encoding?: string;
}

/**
 * Imports a downloaded file like any received file. When the caller chose CSV options, the CSV
 * is read with them (importReceivedFile leaves CSV to the sniffer); the file is removed on failure
 * either way.
 */
export async function importDownloadedFile(
  app: AppContext,
  download: DownloadedFile,
  input: { tableAlias?: string | null; ifExists: IfExists; actor: string; csv?: CsvChoices; progress?: ProgressHandle; signal?: AbortSignal },
): Promise<ReceivedImport> {
  const extra = { source_url: download.url, original_url: download.originalUrl, ...(download.finalUrl !== download.url ? { final_url: download.finalUrl } : {}) };
  const common = { storedPath: download.storedPath, originalFilename: download.fileName, tableAlias: input.tableAlias, ifExists: input.ifExists, actor: input.actor, progress: input.progress, signal: input.signal, extra };
  const csv = csvOptions(input.csv);
  if (!csv || (download.fileType !== 'csv' && download.fileType !== 'tsv')) {
    return importReceivedFile(app, { ...common, fileSize: download.bytes });
  }
  try {
    const source = await ingestStoredFile(app, { ...common, fileType: download.fileType, csv });
    return { kind: 'table', source, preview: await previewRows(app, source.source_id, 10) };
  } catch (error) {
    await fs.rm(download.storedPath, { force: true });
    throw error;
  }
}

/** Only what the caller set; null when the sniffer decides everything. */
function csvOptions(choices: CsvChoices | undefined): CsvOptions | null {
  if (!choices) return null;
  const options: CsvOptions = {};
  if (choices.delimiter !== undefined) options.delimiter = choices.delimiter;
  if (choices.header !== undefined) options.header = choices.header;
  if (choices.encoding !== undefined) options.encoding = normalizeEncoding(choices.encoding);
  return Object.keys(options).length > 0 ? options : null;
}
