import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonStrict, parseJsonStrictWithItems } from './strict-json';
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

describe('parseJsonStrictWithItems', () => {
  /** The value, or the code thrown. */
  function outcome(run: () => unknown): unknown {
    try {
      return { value: run() };
    } catch (error) {
      return { code: (error as { code?: string }).code };
    }
  }

  /** Arrays of JSON, some written by JSON.stringify, some with whitespace or other spellings. */
  const texts = fc.oneof(
    fc.array(fc.jsonValue({ maxDepth: 2 })).map((items) => JSON.stringify(items)),
    fc.json({ maxDepth: 3 }),
    fc.json({ maxDepth: 3 }).map((text) => `[${text}, ${text}]`),
    fc.constantFrom(
      '[1.0,1E2,-0,"\\u0041","\\/",{"a":1 ,"b":[ ]}]',
      '[{"b":1,"a":2},{"10":1,"a":2},"\\u00e9\\n",1e21, [] ]',
      '[{"a":1,"a":2}]',
      '{"a":[1]}',
      '[',
    ),
  );

  it('tells items written as JSON.stringify writes from the others', () => {
    const { items } = parseJsonStrictWithItems(
      '[1.0,1, "\\u0041","A",{"a" :1},{"a":1},[1,-0],"\\n",null]',
    );
    expect(items?.map((span) => span.stringified)).toEqual([
      false,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      true,
    ]);
    expect(items?.[2]).toMatchObject({ start: 8, end: 16 });
  });

  it('refuses what parseJsonStrict refuses and reads the same value (property)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(outcome(() => parseJsonStrictWithItems(text).value)).toEqual(
          outcome(() => parseJsonStrict(text)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("spans each item, and a stringified one is JSON.stringify's text (property)", () => {
    const integerLike = /^(?:0|[1-9][0-9]*)$/;
    const keysInTextOrder = (value: unknown): boolean =>
      Array.isArray(value)
        ? value.every(keysInTextOrder)
        : typeof value !== 'object' || value === null
          ? true
          : Object.entries(value).every(([k, v]) => !integerLike.test(k) && keysInTextOrder(v));
    fc.assert(
      fc.property(texts, (text) => {
        let parsed;
        try {
          parsed = parseJsonStrictWithItems(text);
        } catch {
          return;
        }
        const { value, items } = parsed;
        if (!Array.isArray(value)) {
          expect(items).toBeNull();
          return;
        }
        expect(items).toHaveLength(value.length);
        value.forEach((item, i) => {
          const span = items?.[i];
          expect(parseJsonStrict(text.slice(span?.start, span?.end))).toEqual(item);
          if (span?.stringified && keysInTextOrder(item)) {
            expect(text.slice(span.start, span.end)).toBe(JSON.stringify(item));
          }
        });
        if (text === JSON.stringify(value) && keysInTextOrder(value)) {
          expect(items?.every((span) => span.stringified)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
