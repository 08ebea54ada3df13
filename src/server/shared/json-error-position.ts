/** Where in a text a JSON syntax error is: 1-based line and column, 0-based offset. */
export interface JsonErrorPosition {
  line: number;
  column: number;
  offset: number;
}

export interface JsonSyntaxProblem extends JsonErrorPosition {
  reason: string;
}

/**
 * Finds where and why `text` is not valid JSON (RFC 8259, as JSON.parse reads it), or null.
 *
 * V8's own messages are not used: some carry no position, and some quote the surrounding text,
 * which for datasources.json may be a password. The reasons here never echo the file's content.
 * Only called after JSON.parse failed, so speed is secondary; iterative, so deep nesting is fine.
 */
export function locateJsonError(text: string): JsonSyntaxProblem | null {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return null;
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { ...lineAndColumn(text, error.offset), reason: error.reason };
  }
}

export function lineAndColumn(text: string, offset: number): JsonErrorPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

type Frame = { kind: 'object' | 'array'; state: 'first' | 'next' };

class Scanner {
  private at = 0;
  constructor(private readonly text: string) {}

  document(): void {
    this.value();
    this.skipSpace();
    if (this.at < this.text.length) this.fail('unexpected data after the JSON value');
  }

  /** One value, with containers walked on an explicit stack. */
  private value(): void {
    const stack: Frame[] = [];
    this.scalarOrOpen(stack);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      this.skipSpace();
      const close = frame.kind === 'object' ? '}' : ']';
      const char = this.text[this.at];
      if (frame.state === 'first' && char === close) {
        this.at++;
        stack.pop();
        continue;
      }
      if (frame.state === 'next') {
        if (char === close) {
          this.at++;
          stack.pop();
          continue;
        }
        if (char !== ',') {
          this.fail(
            frame.kind === 'object' ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element",
          );
        }
        this.at++;
        this.skipSpace();
      }
      frame.state = 'next';
      if (frame.kind === 'object') {
        if (this.text[this.at] !== '"') this.fail('expected a property name in double quotes');
        this.string();
        this.skipSpace();
        if (this.text[this.at] !== ':') this.fail("expected ':' after a property name");
        this.at++;
      }
      this.scalarOrOpen(stack);
    }
  }

  private scalarOrOpen(stack: Frame[]): void {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === '{' || char === '[') {
      this.at++;
      stack.push({ kind: char === '{' ? 'object' : 'array', state: 'first' });
    } else if (char === '"') this.string();
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) this.number();
    else if (this.text.startsWith('true', this.at)) this.at += 4;
    else if (this.text.startsWith('false', this.at)) this.at += 5;
    else if (this.text.startsWith('null', this.at)) this.at += 4;
    else this.fail('expected a value (object, array, string, number, true, false or null)');
  }

  private string(): void {
    this.at++; // opening quote
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      if (Number.isNaN(code)) this.fail('unterminated string');
      if (code === 0x22) {
        this.at++;
        return;
      }
      if (code < 0x20) this.fail('control character inside a string (must be escaped)');
      if (code === 0x5c) {
        const escape = this.text[this.at + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) this.fail('invalid \\u escape in a string');
          this.at += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) this.fail('invalid escape in a string');
        this.at += 2;
        continue;
      }
      this.at++;
    }
  }

  private number(): void {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.at;
    const found = match.exec(this.text);
    if (!found || found[0] === '-') this.fail('invalid number');
    this.at += found![0].length;
    const next = this.text[this.at];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) this.fail('invalid number');
  }

  private skipSpace(): void {
    while (this.at < this.text.length) {
      const char = this.text[this.at];
      if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') return;
      this.at++;
    }
  }

  private fail(reason: string): never {
    if (this.at >= this.text.length) throw new SyntaxProblem(this.text.length, 'unexpected end of file');
    throw new SyntaxProblem(this.at, reason);
  }
}
