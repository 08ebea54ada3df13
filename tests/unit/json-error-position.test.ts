import { describe, expect, it } from 'vitest';
import { locateJsonError } from '@/server/shared/json-error-position';

describe('locating a JSON syntax error', () => {
  it.each([
    ['[1, 2,]', 1, 7, 'expected a value'],
    ['{"a": 1 "b": 2}', 1, 9, "expected ',' or '}'"],
    ['[\n  {"a": 1},\n  {"b": x}\n]', 3, 9, 'expected a value'],
    ['{"a": "unterminated', 1, 20, 'unexpected end of file'],
    ['[1] 2', 1, 5, 'unexpected data after'],
    ['{a: 1}', 1, 2, 'property name in double quotes'],
    ['{"a" 1}', 1, 6, "expected ':'"],
    ['["bad \\q escape"]', 1, 7, 'invalid escape'],
    ['["tab\there"]', 1, 6, 'control character'],
    ['[01]', 1, 3, 'invalid number'],
    ['', 1, 1, 'unexpected end of file'],
  ])('%j → line %i, column %i (%s)', (text, line, column, reason) => {
    const problem = locateJsonError(text);
    expect(problem).toMatchObject({ line, column });
    expect(problem!.reason).toContain(reason);
  });

  it('accepts everything JSON.parse accepts', () => {
    for (const text of ['[]', '{}', '"x"', '-0.5e+10', ' {"a": [true, false, null, {"b": "\\u00e9\\n"}]} ', '[[[[[[[]]]]]]]']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(locateJsonError(text)).toBeNull();
    }
  });

  it('never quotes the file content in its reason (it may be a password)', () => {
    const problem = locateJsonError('{"password": "hunter2" oops}');
    expect(problem!.reason).not.toMatch(/hunter2|oops/);
  });

  it('copes with deep nesting without recursion', () => {
    expect(locateJsonError('['.repeat(100_000))).toMatchObject({ reason: 'unexpected end of file' });
  });
});
