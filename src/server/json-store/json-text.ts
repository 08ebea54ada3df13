import { DomainError } from '../errors';

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
    const found = findJsonError(body) ?? { offset: body.length, reason: 'invalid JSON' };
    const { line, column } = lineAndColumn(body, found.offset);
    return invalidJson(filePath, `${found.reason} at line ${line}, column ${column}`, { line, column, offset: found.offset });
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

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastBreak };
}

class ScanError {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/** Offset and reason of the first syntax error (RFC 8259), or null when the text is valid. */
export function findJsonError(text: string): { offset: number; reason: string } | null {
  let i = 0;
  const fail = (reason: string): never => {
    throw new ScanError(i, i >= text.length ? 'unexpected end of file' : `${reason}, found ${JSON.stringify(text[i])}`);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string, reason: string) => {
    if (text[i] !== char) fail(reason);
    i++;
  };

  const string = () => {
    expect('"', 'expected a double-quoted string');
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        i++;
        if ('"\\/bfnrt'.includes(text[i] ?? '!')) i++;
        else if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 5;
        else fail('invalid escape in string');
      } else i++;
    }
  };

  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail('invalid number');
    i += match![0].length;
  };

  const container = (close: string, member: () => void) => {
    i++;
    skipSpace();
    if (text[i] === close) return void i++;
    for (;;) {
      member();
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
        continue;
      }
      expect(close, `expected ',' or '${close}'`);
      return;
    }
  };

  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') {
      return container('}', () => {
        string();
        skipSpace();
        expect(':', "expected ':' after a property name");
        value();
      });
    }
    if (c === '[') return container(']', value);
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) return void (i += literal.length);
    }
    fail('expected a value');
  };

  try {
    value();
    skipSpace();
    if (i < text.length) fail('unexpected text after the end of the JSON value');
    return null;
  } catch (error) {
    if (error instanceof ScanError) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}
