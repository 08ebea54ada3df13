import { z } from 'zod';

/** Inputs of the URL-import procedures; /api/read_from_url and /api/url_info map the legacy fields onto them. */

export const urlText = z.string().trim().min(1, 'url is required').max(8192, 'url is longer than 8192 characters');

export const importFromUrlInput = z.object({
  url: urlText,
  tableAlias: z.string().max(1024).optional(),
  fileType: z.enum(['csv', 'tsv', 'json', 'jsonl', 'parquet', 'xlsx']).optional(),
  /** CSV/TSV only; unset = DuckDB's sniffer decides. */
  csv: z
    .object({
      delimiter: z.string().min(1).max(2).optional(),
      header: z.boolean().optional(),
      encoding: z.string().max(40).optional(),
    })
    .optional(),
  /** `rename` (default, the legacy rule): a taken table name gets `_YYYYMMDDHHMM`. */
  ifExists: z.enum(['rename', 'replace', 'append', 'fail']).default('rename'),
});
export type ImportFromUrlInput = z.infer<typeof importFromUrlInput>;

export const urlInfoInput = z.object({ url: urlText });
