import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { lineAndColumn, locateJsonError } from '../shared/json-error-position';
import type { JsonErrorPosition } from './types';

export type JsonFileResult =
  | { ok: true; sha256: string; value: unknown }
  | { ok: false; sha256: string | null; error: string; position: JsonErrorPosition | null };

/**
 * Reads and parses one legacy JSON file. The sha256 is of the bytes on disk (the import ledger's
 * key). A corrupt file yields its line, column and a reason; nothing of its content is quoted.
 */
export function readJsonFile(filePath: string): JsonFileResult {
  const name = path.basename(filePath);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, sha256: null, error: `${name} could not be read (${code})`, position: null };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM left by a Windows editor
  try {
    return { ok: true, sha256, value: JSON.parse(text) as unknown };
  } catch {
    const problem = locateJsonError(text) ?? { ...lineAndColumn(text, text.length), reason: 'not valid JSON' };
    const { line, column, offset, reason } = problem;
    return {
      ok: false,
      sha256,
      error: `${name} is not valid JSON: ${reason} at line ${line}, column ${column} (${line}:${column}, character ${offset})`,
      position: { line, column, offset },
    };
  }
}
