import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonStrict } from './strict-json';
import { thrownCode } from '../testing/thrown-code';

describe('parseJsonStrict', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    fc.assert(
      fc.property(fc.json({ stringUnit: 'grapheme' }), (text) => {
        fc.pre(!text.includes('"__proto__"'));
        expect(parseJsonStrict(text)).toEqual(JSON.parse(text));
      }),
    );
    const text = ' { "a" : [ 1 , -0.5e+2 , "x\\u00e9\\n" , true , false , null , { } , [ ] ] } ';
    expect(parseJsonStrict(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a":1,"a":2}', 'JSON_DUPLICATE_KEY'],
    ['{"a":1,"\\u0061":2}', 'JSON_DUPLICATE_KEY'],
    ['[{"x":{"k":1,"k":1}}]', 'JSON_DUPLICATE_KEY'],
    ['{"__proto__":{}}', 'JSON_FORBIDDEN_KEY'],
    ['{"\\u005f_proto__":1}', 'JSON_FORBIDDEN_KEY'],
    ['"\\ud800"', 'JSON_SYNTAX'],
    ['1e400', 'JSON_UNSUPPORTED_VALUE'],
    ['', 'JSON_SYNTAX'],
    ['01', 'JSON_SYNTAX'],
    ['1.', 'JSON_SYNTAX'],
    ['.5', 'JSON_SYNTAX'],
    ['+1', 'JSON_SYNTAX'],
    ['-', 'JSON_SYNTAX'],
    ['[1,]', 'JSON_SYNTAX'],
    ['{"a":1,}', 'JSON_SYNTAX'],
    ['{a:1}', 'JSON_SYNTAX'],
    ["'a'", 'JSON_SYNTAX'],
    ['"a\tb"', 'JSON_SYNTAX'],
    ['"\\x41"', 'JSON_SYNTAX'],
    ['"\\u00g0"', 'JSON_SYNTAX'],
    ['"abc', 'JSON_SYNTAX'],
    ['tru', 'JSON_SYNTAX'],
    ['NaN', 'JSON_SYNTAX'],
    ['[1] [2]', 'JSON_SYNTAX'],
    ['\ufeff{}', 'JSON_SYNTAX'],
    ['{"a" 1}', 'JSON_SYNTAX'],
    ['[1 2]', 'JSON_SYNTAX'],
  ] as const)('refuses %j with %s', (text, code) => {
    expect(thrownCode(() => parseJsonStrict(text))).toBe(code);
  });

  it('caps nesting depth without overflowing the stack', () => {
    expect(thrownCode(() => parseJsonStrict('['.repeat(100_000)))).toBe('JSON_TOO_DEEP');
    expect(parseJsonStrict('['.repeat(64) + ']'.repeat(64))).toBeDefined();
    expect(thrownCode(() => parseJsonStrict('['.repeat(65) + ']'.repeat(65)))).toBe(
      'JSON_TOO_DEEP',
    );
    expect(thrownCode(() => parseJsonStrict('{"a":'.repeat(3) + '1}}}', { maxDepth: 2 }))).toBe(
      'JSON_TOO_DEEP',
    );
  });

  it('reads UTF-8 bytes strictly', () => {
    expect(parseJsonStrict(Buffer.from('{"é":"😀"}', 'utf8'))).toEqual({ é: '😀' });
    expect(thrownCode(() => parseJsonStrict(Uint8Array.of(0x22, 0xc3, 0x22)))).toBe('JSON_SYNTAX');
    expect(thrownCode(() => parseJsonStrict(Uint8Array.of(0xef, 0xbb, 0xbf, 0x31)))).toBe(
      'JSON_SYNTAX',
    );
  });

  it('keeps keys that shadow Object.prototype as plain own data', () => {
    const value = parseJsonStrict('{"constructor":1,"toString":2,"hasOwnProperty":3}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toEqual({ constructor: 1, toString: 2, hasOwnProperty: 3 });
  });
});
