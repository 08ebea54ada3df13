import { DomainError } from '../errors';
import { lineAndColumn, locateJsonError } from '../shared/json-error-position';

/**
 * Parses the text of a legacy JSON file. Blank text (a file the legacy app truncated, or a new one)
 * is `undefined`: there is nothing in it to lose. Invalid JSON is a DomainError('UNAVAILABLE')
 * naming the file and the line/column of the first error. V8's own message is not used: in some
 * cases it quotes the whole text, and datasources.json holds secrets.
 */
export function parseJsonText(text: string, filePath: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    const found = locateJsonError(body) ?? { ...lineAndColumn(body, body.length), reason: 'invalid JSON' };
    const { line, column, offset } = found;
    return invalidJson(filePath, `${found.reason} at line ${line}, column ${column}`, { line, column, offset });
  }
}

function invalidJson(filePath: string, where: string, details: Record<string, unknown>): never {
  throw new DomainError(
    'UNAVAILABLE',
    `${filePath} is not valid JSON: ${where}. The file was left unchanged; fix or move it, then retry.`,
    { file: filePath, ...details },
  );
}

/** A top level of a kind the legacy app never wrote: as unusable as a syntax error. */
export function unexpectedShape(filePath: string, expected: string, found: unknown): never {
  throw new DomainError(
    'UNAVAILABLE',
    `${filePath} should hold ${expected} but holds ${describeJson(found)}. The file was left unchanged; fix or move it, then retry.`,
    { file: filePath },
  );
}

export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
