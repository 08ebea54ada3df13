import { describe, expect, it } from 'vitest';
import { calledNames, splitStatements, SqlLexError } from '@/server/query/sql-lexer';

const texts = (sql: string) => splitStatements(sql).map((s) => s.text.trim());

describe('splitStatements (statement boundaries only; DuckDB classifies)', () => {
  it('splits at top-level semicolons and drops empty statements', () => {
    expect(texts('SELECT 1; SELECT 2;;  ;')).toEqual(['SELECT 1', 'SELECT 2']);
    expect(texts('  -- just a comment\n ; /* and another */')).toEqual([]);
  });

  it('keeps semicolons inside strings, quoted identifiers, dollar quotes and comments', () => {
    expect(texts(`SELECT ';' AS "a;b"; SELECT 2`)).toEqual([`SELECT ';' AS "a;b"`, 'SELECT 2']);
    expect(texts(`SELECT 'it''s; fine'`)).toEqual([`SELECT 'it''s; fine'`]);
    expect(texts(`SELECT $$a;b$$, $tag$x;$$;y$tag$; SELECT 3`)).toEqual([`SELECT $$a;b$$, $tag$x;$$;y$tag$`, 'SELECT 3']);
    expect(texts(`SELECT 1 -- ; not a split\n; SELECT 2`)).toEqual([`SELECT 1 -- ; not a split`, 'SELECT 2']);
    expect(texts(`SELECT /* ; /* nested ; */ still comment ; */ 1; SELECT 2`)).toEqual([`SELECT /* ; /* nested ; */ still comment ; */ 1`, 'SELECT 2']);
    expect(texts(`SELECT E'\\';'; SELECT 2`)).toEqual([`SELECT E'\\';'`, 'SELECT 2']);
  });

  it('tells parameters from dollar quotes', () => {
    const [statement] = splitStatements('SELECT $1, $name, a$b FROM t');
    expect(statement!.tokens.filter((t) => t.kind === 'param').map((t) => t.value)).toEqual(['$1', '$name']);
    expect(statement!.tokens.some((t) => t.kind === 'word' && t.value === 'a$b')).toBe(true);
  });

  it('refuses unterminated strings, identifiers, dollar quotes and comments', () => {
    for (const sql of [`SELECT 'abc`, `SELECT "abc`, `SELECT $x$abc`, `SELECT 1 /* open`]) expect(() => splitStatements(sql)).toThrow(SqlLexError);
  });

  it('lists names called as functions, quoted or not, lower-cased', () => {
    const [statement] = splitStatements(`SELECT nextval('s'), "CheckPoint"(), count (*), x FROM read_csv('f')`);
    expect(calledNames(statement!.tokens)).toEqual(['nextval', 'checkpoint', 'count', 'read_csv']);
  });
});
