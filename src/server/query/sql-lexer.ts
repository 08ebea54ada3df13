/**
 * A small SQL lexer with DuckDB's (PostgreSQL's) lexical rules, used for two things only:
 * 1. splitting a batch into statement texts, so that each statement can be checked by DuckDB's
 *    own binder (json_serialize_plan) right before it runs, after the ones before it ran;
 * 2. spotting function calls and `EXPLAIN ANALYZE` where DuckDB cannot describe a plan.
 *
 * It never decides what a statement is: DuckDB's parser does (statement types, bound plans). The
 * split is verified against DuckDB's own statement count, and the text that is checked is the
 * very text that runs, so a lexing mistake can only make a batch fail, never let one through.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'symbol';

export interface Token {
  kind: TokenKind;
  /** Words lower-cased; quoted identifiers unquoted (case kept); strings unquoted. */
  value: string;
}

export interface StatementText {
  /** The statement without its terminating semicolon (comments inside and before it kept). */
  text: string;
  tokens: Token[];
}

export class SqlLexError extends Error {
  override name = 'SqlLexError';
}

const STRING_PREFIXES = new Set(['e', 'x', 'b', 'n']);
const isIdentStart = (c: string) => /[A-Za-z_\u0080-\uffff]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

/** Splits `sql` at top-level semicolons; statements with no tokens (only comments) are dropped. */
export function splitStatements(sql: string): StatementText[] {
  const statements: StatementText[] = [];
  let start = 0;
  let tokens: Token[] = [];
  const flush = (end: number) => {
    if (tokens.length > 0) statements.push({ text: sql.slice(start, end), tokens });
    tokens = [];
    start = end + 1;
  };

  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i);
    } else if (c === ';') {
      flush(i);
      i++;
    } else if (c === "'") {
      const escapes = isEscapeStringPrefix(sql, i);
      const [value, end] = readQuoted(sql, i, "'", escapes);
      tokens.push({ kind: 'string', value });
      i = end;
    } else if (c === '"') {
      const [value, end] = readQuoted(sql, i, '"', false);
      tokens.push({ kind: 'quoted', value });
      i = end;
    } else if (c === '$') {
      const dollar = readDollar(sql, i);
      tokens.push(dollar.token);
      i = dollar.end;
    } else if (isIdentStart(c)) {
      let end = i + 1;
      while (end < n && isIdentChar(sql[end]!)) end++;
      // A string prefix (E'…', X'…', B'…', N'…', U&'…') belongs to the string that follows.
      const word = sql.slice(i, end).toLowerCase();
      if (STRING_PREFIXES.has(word) && sql[end] === "'") {
        i = end;
        continue;
      }
      if (word === 'u' && sql[end] === '&' && (sql[end + 1] === "'" || sql[end + 1] === '"')) {
        i = end + 1;
        continue;
      }
      tokens.push({ kind: 'word', value: sql.slice(i, end).toLowerCase() });
      i = end;
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      let end = i + 1;
      while (end < n && /[0-9A-Za-z_.]/.test(sql[end]!)) end++;
      tokens.push({ kind: 'number', value: sql.slice(i, end) });
      i = end;
    } else {
      tokens.push({ kind: 'symbol', value: c });
      i++;
    }
  }
  flush(n);
  return statements;
}

/** Block comments nest in DuckDB, as in PostgreSQL. */
function skipBlockComment(sql: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  throw new SqlLexError('unterminated /* comment');
}

/** `E'…'` (and `e'…'`) strings take backslash escapes; the E must not end a longer word. */
function isEscapeStringPrefix(sql: string, quoteAt: number): boolean {
  const prefix = sql[quoteAt - 1];
  return (prefix === 'E' || prefix === 'e') && (quoteAt < 2 || !isIdentChar(sql[quoteAt - 2]!));
}

function readQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): [string, number] {
  let value = '';
  let i = from + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslashEscapes && c === '\\') {
      value += sql.slice(i, i + 2);
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) {
        value += quote;
        i += 2;
      } else {
        return [value, i + 1];
      }
    } else {
      value += c;
      i++;
    }
  }
  throw new SqlLexError(quote === "'" ? 'unterminated string' : 'unterminated quoted identifier');
}

/** `$1` / `$name` parameters, or `$tag$ … $tag$` dollar-quoted strings. */
function readDollar(sql: string, from: number): { token: Token; end: number } {
  let i = from + 1;
  if (/[0-9]/.test(sql[i] ?? '')) {
    while (/[0-9]/.test(sql[i] ?? '')) i++;
    return { token: { kind: 'param', value: sql.slice(from, i) }, end: i };
  }
  while (i < sql.length && isIdentChar(sql[i]!) && sql[i] !== '$') i++;
  if (sql[i] !== '$') return { token: { kind: 'param', value: sql.slice(from, i) }, end: i };
  const tag = sql.slice(from, i + 1);
  const close = sql.indexOf(tag, i + 1);
  if (close === -1) throw new SqlLexError('unterminated dollar-quoted string');
  return { token: { kind: 'string', value: sql.slice(i + 1, close) }, end: close + tag.length };
}

/** Names called as functions: an identifier (bare or quoted) right before `(`. */
export function calledNames(tokens: Token[]): string[] {
  const names: string[] = [];
  tokens.forEach((token, index) => {
    if ((token.kind === 'word' || token.kind === 'quoted') && tokens[index + 1]?.kind === 'symbol' && tokens[index + 1]?.value === '(') {
      names.push(token.value.toLowerCase());
    }
  });
  return names;
}
