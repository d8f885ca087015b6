import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import {
  CanonicalBytesEncoder,
  canonicalBytes,
  canonicalize,
  canonicalizeByWriter,
  parseCanonicalJson,
} from './canonical-json';
import type { JsonValue } from './json-value';
import { parseJsonStrict } from './strict-json';
import { thrownCode } from '../testing/thrown-code';

function fromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

/** JSON.stringify with keys sorted by UTF-16 code units: an independent JCS oracle for data. */
function sortedStringify(value: JsonValue): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The same value with every object's keys inserted in reverse order. */
function reversedKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

/** JSON cannot tell -0 from 0, so compare against the value with -0 folded. */
function withoutNegativeZero(value: JsonValue): JsonValue {
  if (typeof value === 'number') return value === 0 ? 0 : value;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]));
}

function hasProtoKey(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(hasProtoKey);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k === '__proto__' || hasProtoKey(v));
}

const jsonData = fc
  .jsonValue({ stringUnit: 'grapheme', maxDepth: 6 })
  .map((v) => v as JsonValue)
  .filter((v) => !hasProtoKey(v));

describe('RFC 8785 known answers', () => {
  it('serialises the §3.2.4 example', () => {
    const input =
      '{\n  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n' +
      '  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n' +
      '  "literals": [null, true, false]\n}';
    const expected =
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalize(parseJsonStrict(input))).toBe(expected);
    expect(toHex(canonicalBytes(parseJsonStrict(input)))).toContain('22e282ac245c7530303066'); // "€$\u000f
  });

  // RFC 8785 Appendix B: IEEE 754 bit patterns and their serialisation.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('number %s serialises as %s', (bits, text) => {
    expect(canonicalize(fromBits(bits))).toBe(text);
  });

  it.each(['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])(
    'refuses the non-finite number %s',
    (bits) => {
      expect(thrownCode(() => canonicalize(fromBits(bits)))).toBe('JSON_UNSUPPORTED_VALUE');
    },
  );

  it('sorts keys by UTF-16 code units (§3.2.3)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalize(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('escapes strings exactly as JCS does', () => {
    expect(canonicalize('\u0000\u001f\b\t\n\f\r"\\/\u007f\u2028é😀')).toBe(
      '"\\u0000\\u001f\\b\\t\\n\\f\\r\\"\\\\/\u007f\u2028é😀"',
    );
  });
});

describe('canonicalize refuses what is not JSON data', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const shared = { x: 1 };

  it.each([
    ['undefined', undefined],
    ['undefined member', { a: undefined }],
    ['array hole', new Array<number>(3)],
    ['function', { f: () => 1 }],
    ['bigint', 1n],
    ['symbol', Symbol('s')],
    ['NaN', NaN],
    ['Infinity', [Infinity]],
    ['Date', new Date(0)],
    ['Map', new Map()],
    [
      'class instance',
      new (class Point {
        x = 1;
      })(),
    ],
    ['typed array', new Uint8Array(2)],
    ['boxed string', Object('s') as unknown],
    ['cyclic structure', cyclic],
    ['lone surrogate', '\ud800'],
    ['lone surrogate key', { '\udc00': 1 }],
    ['symbol key', { [Symbol('k')]: 1 }],
  ])('%s', (_name, value) => {
    expect(thrownCode(() => canonicalize(value))).toBe('JSON_UNSUPPORTED_VALUE');
  });

  it('says where the problem is', () => {
    expect(() => canonicalize({ a: [1, { b: undefined }] })).toThrow('$["a"][1]["b"]');
  });

  it('refuses __proto__ keys and excessive depth, but allows shared references', () => {
    expect(thrownCode(() => canonicalize(JSON.parse('{"__proto__":1}')))).toBe(
      'JSON_FORBIDDEN_KEY',
    );
    let deep: unknown = 1;
    for (let i = 0; i < 65; i++) deep = [deep];
    expect(thrownCode(() => canonicalize(deep))).toBe('JSON_TOO_DEEP');
    expect(thrownCode(() => canonicalize(deep, { maxDepth: 65 }))).toBeUndefined();
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    expect(canonicalize(Object.assign(Object.create(null) as object, { b: 1, a: 2 }))).toBe(
      '{"a":2,"b":1}',
    );
  });
});

describe('canonical JSON properties', () => {
  it('round-trips: parse(canonicalize(x)) equals x', () => {
    fc.assert(
      fc.property(jsonData, (value) => {
        const text = canonicalize(value);
        expect(parseJsonStrict(text)).toEqual(withoutNegativeZero(value));
        expect(JSON.parse(text)).toEqual(withoutNegativeZero(value));
      }),
    );
  });

  it('is idempotent over re-parsing, and parseCanonicalJson accepts its output', () => {
    fc.assert(
      fc.property(jsonData, (value) => {
        const text = canonicalize(value);
        expect(canonicalize(parseJsonStrict(text))).toBe(text);
        expect(parseCanonicalJson(canonicalBytes(value))).toEqual(withoutNegativeZero(value));
      }),
    );
  });

  it('does not depend on key insertion order', () => {
    fc.assert(
      fc.property(jsonData, (value) => {
        expect(canonicalize(reversedKeys(value))).toBe(canonicalize(value));
      }),
    );
  });

  it('agrees with JSON.stringify over sorted keys', () => {
    fc.assert(
      fc.property(jsonData, (value) => {
        expect(canonicalize(value)).toBe(sortedStringify(value));
      }),
    );
  });

  it('either serialises arbitrary UTF-16 strings or refuses lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const code = thrownCode(() => canonicalize({ [text]: text }));
        if (text === '__proto__') expect(code).toBe('JSON_FORBIDDEN_KEY');
        else expect(code === undefined || code === 'JSON_UNSUPPORTED_VALUE').toBe(true);
        if (code !== 'JSON_UNSUPPORTED_VALUE') {
          expect(parseJsonStrict(canonicalize(text))).toBe(text);
        }
      }),
      { examples: [['__proto__'], ['\ud800'], ['\ud83d\ude00']] },
    );
  });
});

describe('parseCanonicalJson', () => {
  const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

  it('accepts canonical bytes only', () => {
    expect(parseCanonicalJson(bytes('{"a":1,"b":[true,null]}'))).toEqual({ a: 1, b: [true, null] });
    for (const text of [
      '{"b":1,"a":2}',
      '{"a": 1}',
      '{"a":1.0}',
      '{"a":1e3}',
      '"\\u0041"',
      '"\\/"',
      '[1,2] ',
      '\ufeff[]',
    ]) {
      const code = thrownCode(() => parseCanonicalJson(bytes(text)));
      expect(code === 'JSON_NOT_CANONICAL' || code === 'JSON_SYNTAX').toBe(true);
    }
  });

  it('accepts exactly the texts that equal canonicalize(parse(text))', () => {
    const texts = fc.oneof(
      jsonData.map((v) => canonicalize(v)),
      jsonData.map((v) => JSON.stringify(v)),
      jsonData.map((v) => JSON.stringify(v, null, 1)),
      fc.json({ stringUnit: 'grapheme' }),
      fc.constantFrom('1E3', '-0', '1.50', '"\\u0041"', '"\\u001F"', '"\\u001f"', '{"b":1,"a":1}'),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let reference: string;
        try {
          reference = canonicalize(parseJsonStrict(text));
        } catch {
          return; // not strict JSON (duplicate or __proto__ key): covered elsewhere
        }
        const code = thrownCode(() => parseCanonicalJson(bytes(text)));
        expect(code).toBe(reference === text ? undefined : 'JSON_NOT_CANONICAL');
      }),
      { numRuns: 500 },
    );
  });

  it('refuses duplicate keys and invalid UTF-8', () => {
    expect(thrownCode(() => parseCanonicalJson(bytes('{"a":1,"a":1}')))).toBe('JSON_DUPLICATE_KEY');
    expect(thrownCode(() => parseCanonicalJson(Uint8Array.of(0x22, 0xff, 0x22)))).toBe(
      'JSON_SYNTAX',
    );
  });
});

describe('the fast canonical path', () => {
  /** The outcome of a serialiser: its text, or the code it throws. */
  function outcome(run: () => string): string {
    try {
      return `ok:${run()}`;
    } catch (error) {
      return `error:${(error as { code?: string }).code ?? String(error)}`;
    }
  }

  function sameAsWriter(value: unknown, maxDepth?: number): void {
    const options = maxDepth === undefined ? {} : { maxDepth };
    expect(outcome(() => canonicalize(value, options))).toBe(
      outcome(() => canonicalizeByWriter(value, maxDepth)),
    );
  }

  it('agrees with the reference writer on any JSON value, any string units (property)', () => {
    for (const stringUnit of ['grapheme', 'binary'] as const) {
      fc.assert(
        fc.property(fc.jsonValue({ stringUnit, maxDepth: 6 }), (value) => {
          sameAsWriter(value);
        }),
        { numRuns: 400 },
      );
    }
  });

  it('agrees on values JSON.stringify alone would get wrong', () => {
    const cases: unknown[] = [
      { 10: 'a', 9: 'b', b: 1, a: 2 },
      { '\ud800': 1 },
      ['\udc00x'],
      { a: undefined },
      [undefined],
      { toJSON: () => 'x' },
      new Date(0),
      Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
      { [Symbol('s')]: 1 },
      { ['__proto__']: 1 },
      JSON.parse('{"__proto__": 1}'),
      -0,
      [Number.NaN],
      { n: Infinity },
      1n,
      // eslint-disable-next-line no-sparse-arrays
      [1, , 3],
      { é: 1, e: 2, 'é\u0301': 3 },
    ];
    for (const value of cases) sameAsWriter(value);
    // Objects side by side whose keys agree, then differ in order, number or kind.
    sameAsWriter([{ b: 1, a: 2 }, { b: 3, a: 4 }, { a: 5, b: 6 }, { b: 7 }, { b: 8, a: 9, c: 0 }]);
    sameAsWriter([
      { b: 1, a: 2 },
      { b: 1, 10: 2 },
      { b: 1, a: 2 },
      { b: 1, '\ud800': 2 },
    ]);
    sameAsWriter([[{ y: 1, x: { q: 1, p: 2 } }], [{ y: 2, x: { q: 3, p: 4 } }], { x: 1, y: 2 }]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    sameAsWriter(cyclic);
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = [deep];
    sameAsWriter(deep, 10);
    sameAsWriter(deep, 9);
  });
});

describe('the reusing bytes encoder', () => {
  const encoder = new CanonicalBytesEncoder();

  /** The bytes in hex, or the code thrown. */
  function outcome(run: () => Uint8Array): string {
    try {
      return `ok:${toHex(run())}`;
    } catch (error) {
      return `error:${(error as { code?: string }).code ?? String(error)}`;
    }
  }

  function sameAsCanonicalBytes(value: unknown): void {
    expect(outcome(() => encoder.encode(value))).toBe(outcome(() => canonicalBytes(value)));
  }

  it('writes exactly canonicalBytes, or refuses with the same code (property)', () => {
    for (const stringUnit of ['grapheme', 'binary'] as const) {
      fc.assert(
        fc.property(fc.jsonValue({ stringUnit, maxDepth: 6 }), (value) => {
          sameAsCanonicalBytes(value);
        }),
        { numRuns: 400 },
      );
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [{}, [], [{}], { a: [] }, { 10: 'a', b: 1 }, ['\ud800'], cyclic, -0]) {
      sameAsCanonicalBytes(value);
    }
  });

  it('grows for a large value and still writes a small one after it', () => {
    const upserts = Array.from({ length: 3000 }, (_, i) => ({
      kind: 'grant',
      id: `g${i}`,
      row: { title: `Grant ${i} — ${'é'.repeat(i % 700)}`, version: i, until: null },
    }));
    const large = { payload: { upserts, removes: [] }, type: 'replica.records' };
    const expected = Buffer.from(canonicalBytes(large));
    expect(Buffer.from(encoder.encode(large)).equals(expected)).toBe(true);
    expect(Buffer.from(encoder.encode({ b: 1, a: 'x' })).toString()).toBe('{"a":"x","b":1}');
  });
});
