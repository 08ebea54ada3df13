import fs from 'node:fs/promises';
import { badInput } from '../errors';

/** Formats read by DuckDB's own readers, and the Excel workbook (read with exceljs, one sheet at a time). */
export type FileType = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'xlsx';

/** The extensions the legacy upload accepted (REST.md), and what each is read as. `.xls` is refused with a reason. */
const BY_EXTENSION: Record<string, FileType> = {
  csv: 'csv',
  txt: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  pq: 'parquet',
  xlsx: 'xlsx',
};

export const SUPPORTED_EXTENSIONS = [...Object.keys(BY_EXTENSION), 'xls'];

export const XLS_REFUSED =
  'Old Excel .xls workbooks are not supported (no maintained reader without known vulnerabilities): open the file in Excel or LibreOffice and save it as .xlsx or .csv';

export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The type a name claims; null when it has no extension we know. `.xls` is a clear error. */
export function fileTypeFromName(filename: string): FileType | null {
  const ext = extensionOf(filename);
  if (ext === 'xls') throw badInput(XLS_REFUSED, { file_type: 'xls' });
  return BY_EXTENSION[ext] ?? null;
}

/** What the first bytes say the file is. */
export type ContentKind = 'parquet' | 'zip' | 'ole' | 'json' | 'text' | 'binary' | 'empty';

export async function sniffContent(filePath: string): Promise<ContentKind> {
  const handle = await fs.open(filePath, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytesRead === 0) return 'empty';
    if (bytes.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
    if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
    if (bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'ole';
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (!utf16 && bytes.includes(0)) return 'binary';
    const text = (utf16 ? '' : bytes.toString('latin1')).replace(/^\uFEFF|^\u00ef\u00bb\u00bf/, '').trimStart();
    if (!utf16 && text === '') return 'empty';
    if (text.startsWith('[') || text.startsWith('{')) return 'json';
    return 'text';
  } finally {
    await handle.close();
  }
}

const KIND_NAMES: Record<ContentKind, string> = {
  parquet: 'a Parquet file',
  zip: 'a ZIP archive (such as an .xlsx workbook)',
  ole: 'an old Office document (such as an .xls workbook)',
  json: 'JSON',
  text: 'text (such as CSV)',
  binary: 'binary data',
  empty: 'empty',
};

/**
 * The type to read a file as: the declared type, else the extension's, else the content's. When
 * the content contradicts the type (a `.csv` that is really Parquet, a `.parquet` without its
 * magic bytes) the answer is a clear error, not a guess.
 */
export async function resolveFileType(filePath: string, filename: string, declared?: FileType | null): Promise<FileType> {
  const claimed = declared ?? fileTypeFromName(filename);
  const ext = extensionOf(filename);
  if (!claimed && ext) throw badInput(`Unsupported file type '.${ext.slice(0, 20)}': use one of ${SUPPORTED_EXTENSIONS.filter((e) => e !== 'xls').map((e) => `.${e}`).join(', ')}`);
  const kind = await sniffContent(filePath);
  if (kind === 'empty') throw badInput(`'${filename}' is empty: there is nothing to import`);
  if (kind === 'ole') throw badInput(XLS_REFUSED, { file_type: 'xls' });
  const fromContent: FileType | null = kind === 'parquet' ? 'parquet' : kind === 'zip' ? 'xlsx' : kind === 'json' ? 'json' : kind === 'text' ? 'csv' : null;
  if (!claimed) {
    if (!fromContent) throw badInput(`'${filename}' is not a supported file: supported are ${SUPPORTED_EXTENSIONS.filter((e) => e !== 'xls').join(', ')}`);
    return fromContent;
  }
  const fits: Record<FileType, ContentKind[]> = {
    csv: ['text'],
    tsv: ['text'],
    json: ['json'],
    jsonl: ['json'],
    parquet: ['parquet'],
    xlsx: ['zip'],
  };
  if (!fits[claimed].includes(kind)) {
    const hint = claimed === 'parquet' ? ' (or the Parquet file is damaged)' : kind === 'json' ? ': name it .json or .jsonl' : '';
    throw badInput(`'${filename}' is named as ${claimed.toUpperCase()} but its content is ${KIND_NAMES[kind]}${hint}`, {
      file_type: claimed,
      content: kind,
    });
  }
  return claimed;
}
