import fc from 'fast-check';

/*
 * What an attacker (or a broken client) can put at a boundary. Built once and shared: a 10 MB
 * string allocated per case would measure the test's garbage, not the app's.
 */

/** 10 MiB of text: over every default size cap, under the caps of channels that carry files. */
export const TEN_MB = 10 * 1024 * 1024;
export const hugeString = 'A'.repeat(TEN_MB);
/** Nesting as deep as the issue asks; recursive code without a depth limit overflows here. */
export const DEEP_LEVELS = 10_000;
/** A million items: over every cap as JSON, and slow to walk for code that walks it twice. */
export const hugeArray: readonly number[] = new Array<number>(1_000_000).fill(0);

/** JSON.stringify as it behaves: no text at all for a value JSON cannot carry (undefined). */
export function jsonText(value: unknown): string | undefined {
  const text: string | undefined = JSON.stringify(value);
  return text;
}

/** Parsed from text so that `__proto__` and friends are own keys, as they are after JSON.parse. */
export function parseJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

export function deepArray(levels = DEEP_LEVELS): unknown {
  return parseJson('['.repeat(levels) + ']'.repeat(levels));
}

export function deepObject(levels = DEEP_LEVELS, key = 'a'): unknown {
  return parseJson(`{"${key}":`.repeat(levels) + 'null' + '}'.repeat(levels));
}

/** Keys that reach prototypes when code copies or merges objects carelessly. */
export const pollutingKeys = ['__proto__', 'constructor', 'prototype'] as const;

/** `{"__proto__":{"polluted":…},"constructor":{"prototype":{"polluted":…}},…}` as own keys. */
export function pollutingObject(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = JSON.stringify(extra).slice(1, -1);
  return parseJson(
    `{"__proto__":{"polluted":"__proto__"},` +
      `"constructor":{"prototype":{"polluted":"constructor"}},` +
      `"prototype":{"polluted":"prototype"}${base ? `,${base}` : ''}}`,
  ) as Record<string, unknown>;
}

/** Adds the polluting keys to a JSON object value as own properties, keeping its other keys. */
export function withPollutingKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return pollutingObject(value as Record<string, unknown>);
}

/**
 * A catalogue of hostile values, each named so a failure says which one: sent as a whole
 * request to every channel, and in place of every field of every channel.
 */
export interface HostileEntry {
  name: string;
  value: unknown;
  /** Costs the dispatcher a noticeable share of a second to measure (a 10 MB string). */
  heavy?: boolean;
}

export function hostileCatalogue(): readonly HostileEntry[] {
  catalogue ??= buildCatalogue();
  return catalogue;
}

let catalogue: readonly HostileEntry[] | undefined;

function sparseArray(): number[] {
  const sparse = new Array<number>(3);
  sparse[0] = 1;
  sparse[2] = 3;
  return sparse;
}

function buildCatalogue(): HostileEntry[] {
  return [
    { name: 'undefined', value: undefined },
    { name: 'null', value: null },
    { name: 'true', value: true },
    { name: 'zero', value: 0 },
    { name: 'negative', value: -1 },
    { name: 'NaN', value: Number.NaN },
    { name: 'Infinity', value: Number.POSITIVE_INFINITY },
    { name: '-0', value: -0 },
    { name: 'max number', value: Number.MAX_VALUE },
    { name: 'unsafe integer', value: 2 ** 60 },
    { name: 'bigint', value: 10n },
    { name: 'empty string', value: '' },
    { name: 'NUL string', value: 'a\0b' },
    { name: 'lone surrogate', value: '\uD800x' },
    { name: 'path traversal', value: '../../../../etc/passwd' },
    { name: 'proto string', value: '__proto__' },
    { name: '10 MB string', value: hugeString, heavy: true },
    { name: 'empty array', value: [] },
    { name: 'huge array', value: hugeArray, heavy: true },
    { name: 'array of objects', value: Array.from({ length: 1000 }, () => ({ a: 1 })) },
    { name: 'empty object', value: {} },
    { name: 'polluting object', value: pollutingObject() },
    { name: 'nested polluting', value: parseJson('{"a":{"__proto__":{"polluted":1}}}') },
    { name: 'deep array', value: deepArray() },
    { name: 'deep object', value: deepObject() },
    { name: 'deep polluting', value: deepObject(DEEP_LEVELS, '__proto__') },
    // Values structured clone (Electron IPC) carries but JSON does not.
    { name: 'Date', value: new Date(0) },
    { name: 'Map', value: new Map([['a', 1]]) },
    { name: 'Set', value: new Set([1]) },
    { name: 'Uint8Array', value: new Uint8Array(16) },
    { name: 'sparse array', value: sparseArray() },
    { name: 'object with undefined', value: { a: undefined } },
    {
      name: 'many keys',
      value: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])),
    },
    { name: 'long key', value: { ['k'.repeat(100_000)]: 1 } },
  ];
}

/** Strings chosen to upset parsers, paths, SQL and HTML rather than to be plausible. */
export const nastyStrings = [
  '',
  ' ',
  '\0',
  '\uFEFF',
  '\uD800',
  '\u202Ejson.exe',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "'; DROP TABLE dataset; --",
  '<script>alert(1)</script>',
  "=cmd|' /C calc'!A0",
  '../../../../etc/passwd',
  '%00',
  '\r\n\r\n',
  'x'.repeat(5000),
];

/** Arbitrary JSON in which an object carries one of the polluting keys as an own property. */
export const pollutedJson: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    fc.constantFrom(...pollutingKeys),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('bare', 'in-array', 'in-object'),
  )
  .map(([rest, key, inner, wrap]) => {
    const restText = JSON.stringify(rest).slice(1, -1);
    const object = `{${JSON.stringify(key)}:${JSON.stringify(inner)}${restText ? `,${restText}` : ''}}`;
    if (wrap === 'bare') return parseJson(object);
    return parseJson(wrap === 'in-array' ? `[${object}]` : `{"a":${object}}`);
  });

/** Any value a hostile client can send, from plain JSON to structured-clone oddities. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 3, arbitrary: pollutedJson },
  {
    weight: 2,
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withBoxedValues: true,
      withObjectString: true,
    }),
  },
  { weight: 2, arbitrary: fc.constantFrom(...nastyStrings) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...hostileCatalogue().map((entry) => entry.value)),
  },
);
