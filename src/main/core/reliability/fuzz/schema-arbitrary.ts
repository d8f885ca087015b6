import fc from 'fast-check';
import type { z } from 'zod';
import { hostileValue, jsonText, nastyStrings, pollutingObject } from './hostile-values';

/*
 * Inputs shaped like a channel's own schema, read from the zod definition itself so a new
 * channel (or a new field) is covered without anyone writing a generator for it. Most values
 * fit the schema, so the fuzz gets past the parser into the handlers; a few leaves are hostile,
 * so it also probes every field's validation. Nothing here tries to be a complete zod-to-
 * fast-check translation: whatever it does not know becomes a hostile value.
 */

/** Values that exist in the workspace under test, so shaped inputs hit real records. */
export interface ValuePools {
  strings: readonly string[];
  numbers: readonly number[];
}

/** The parts of zod 4's definitions this module reads, typed loosely on purpose. */
interface LooseDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  checks?: {
    _zod: { def: { check: string; minimum?: number; maximum?: number; pattern?: RegExp } };
  }[];
  pattern?: RegExp;
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
  element?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): LooseDef {
  const def: unknown = schema.def;
  return def as LooseDef;
}

interface Bounds {
  min?: number;
  max?: number;
  patterns: RegExp[];
}

function boundsOf(def: LooseDef): Bounds {
  const bounds: Bounds = { patterns: def.pattern ? [def.pattern] : [] };
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if ((c.check === 'min_length' || c.check === 'greater_than') && c.minimum !== undefined)
      bounds.min = c.minimum;
    if ((c.check === 'max_length' || c.check === 'less_than') && c.maximum !== undefined)
      bounds.max = c.maximum;
    if (c.pattern) bounds.patterns.push(c.pattern);
  }
  return bounds;
}

/** A string arbitrary for a pattern, or null for the few regexes fast-check cannot invert. */
function matching(pattern: RegExp): fc.Arbitrary<string> | null {
  try {
    const arbitrary = fc.stringMatching(pattern);
    fc.sample(arbitrary, 1);
    return arbitrary;
  } catch {
    return null;
  }
}

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileValue,
  fc.constantFrom(...nastyStrings),
  fc.constant(pollutingObject()),
);

const MAX_DEPTH = 12;

/**
 * Spellings that commonly pass refinements a pattern cannot express (a real calendar day, an
 * ISO 8601 duration, a charter id): offered wherever the field's own schema accepts them.
 */
const plausibleStrings = [
  '2026-11-23',
  '2027-01-31',
  '2026-11-23T10:00:00.000Z',
  'P1Y',
  'P90D',
  'P6M',
  'trips',
  'bus-positions',
  'operational',
  'internal',
  'read',
  'aggregate',
  'standard',
  'service-provision',
  'dpv:ServiceProvision',
  'Ada Okafor',
  'A reason that is long enough',
];

function stringArbitrary(
  schema: z.ZodType,
  def: LooseDef,
  pools: ValuePools,
): fc.Arbitrary<unknown> {
  const bounds = boundsOf(def);
  const cap = Math.min(bounds.max ?? 80, 80);
  const options: fc.Arbitrary<unknown>[] = [
    fc.string({ minLength: Math.min(bounds.min ?? 0, cap), maxLength: cap }),
  ];
  for (const pattern of bounds.patterns) {
    const arbitrary = matching(pattern);
    if (arbitrary) options.push(arbitrary, arbitrary);
  }
  if (pools.strings.length > 0) options.push(fc.constantFrom(...pools.strings));
  const fitting = [...plausibleStrings, ...pools.strings].filter(
    (candidate) => schema.safeParse(candidate).success,
  );
  if (fitting.length > 0) options.push(fc.constantFrom(...fitting), fc.constantFrom(...fitting));
  return fc.oneof(...options);
}

function numberArbitrary(schema: z.ZodType, pools: ValuePools): fc.Arbitrary<unknown> {
  const n = schema as unknown as {
    minValue: number | null;
    maxValue: number | null;
    isInt: boolean | null;
  };
  const min = Math.max(n.minValue ?? -1e9, -1e9);
  const max = Math.min(n.maxValue ?? 1e9, 1e9);
  const options: fc.Arbitrary<unknown>[] = [
    n.isInt
      ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
      : fc.double({ min, max, noNaN: true }),
    fc.constantFrom(Math.ceil(min), Math.floor(max), 0, 1, 2, 3),
  ];
  if (pools.numbers.length > 0) options.push(fc.constantFrom(...pools.numbers));
  return fc.oneof(...options);
}

function objectArbitrary(def: LooseDef, pools: ValuePools, depth: number): fc.Arbitrary<unknown> {
  const shape = def.shape ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const [key, field] of Object.entries(shape)) {
    model[key] = shapedArbitrary(field, pools, depth + 1);
    const type = defOf(field).type;
    if (type !== 'optional' && type !== 'default' && type !== 'prefault') required.push(key);
  }
  const complete = fc.record(model, { requiredKeys: required });
  const partial = fc.record(model, { requiredKeys: [] });
  const extraKey = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'admin', 'id'),
    fc.string({ maxLength: 12 }),
  );
  return fc
    .tuple(
      fc.oneof({ weight: 12, arbitrary: complete }, { weight: 1, arbitrary: partial }),
      // One record in twenty gets a stray key.
      fc.oneof(
        { weight: 19, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(extraKey, hostileLeaf) },
      ),
    )
    .map(([record, extra]) => {
      if (extra === null) return record;
      // Through JSON text, so `__proto__` becomes an own key as it would off the wire.
      const [key, value] = extra;
      try {
        const recordText = JSON.stringify(record);
        const valueText = jsonText(value) ?? 'null';
        const rest = recordText === '{}' ? '' : `,${recordText.slice(1)}`;
        return JSON.parse(`{${JSON.stringify(key)}:${valueText}${rest || '}'}`) as unknown;
      } catch {
        // Too deep (or not JSON at all) to go through text: the extra key is set directly.
        return { ...record, [key]: value };
      }
    });
}

/** An arbitrary for values near `schema`: mostly valid, sometimes with one hostile leaf. */
export function shapedArbitrary(
  schema: z.ZodType,
  pools: ValuePools,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  const def = defOf(schema);
  const inner = (next: z.ZodType | undefined) =>
    next ? shapedArbitrary(next, pools, depth + 1) : hostileLeaf;
  let shaped: fc.Arbitrary<unknown>;
  switch (def.type) {
    case 'object':
      shaped = objectArbitrary(def, pools, depth);
      break;
    case 'string':
      shaped = stringArbitrary(schema, def, pools);
      break;
    case 'number':
      shaped = numberArbitrary(schema, pools);
      break;
    case 'boolean':
      shaped = fc.boolean();
      break;
    case 'enum':
      shaped = fc.constantFrom(...Object.values(def.entries ?? { none: 'none' }));
      break;
    case 'literal':
      shaped = fc.constantFrom(...(def.values ?? [null]));
      break;
    case 'null':
      shaped = fc.constant(null);
      break;
    case 'array': {
      const bounds = boundsOf(def);
      const maxLength = Math.min(bounds.max ?? 4, 4);
      shaped = fc.array(inner(def.element), {
        minLength: Math.min(bounds.min ?? 0, maxLength),
        maxLength,
      });
      break;
    }
    case 'tuple':
      shaped = fc.tuple(...(def.items ?? []).map((item) => inner(item)));
      break;
    case 'union':
      shaped = fc.oneof(...(def.options ?? []).map((option) => inner(option)));
      break;
    case 'optional':
      shaped = fc.option(inner(def.innerType), { nil: undefined, freq: 4 });
      break;
    case 'nullable':
      shaped = fc.option(inner(def.innerType), { nil: null, freq: 4 });
      break;
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      shaped = inner(def.innerType);
      break;
    case 'pipe':
      shaped = inner(def.in);
      break;
    case 'lazy':
      shaped = inner(def.getter?.());
      break;
    case 'record':
      shaped = fc.dictionary(
        inner(def.keyType).filter((key): key is string => typeof key === 'string'),
        inner(def.valueType),
        { maxKeys: 3 },
      );
      break;
    default:
      return hostileLeaf;
  }
  // Rare enough that most inputs stay valid and reach the handler; every field still gets some.
  return fc.oneof({ weight: 60, arbitrary: shaped }, { weight: 1, arbitrary: hostileLeaf });
}

/**
 * One plausible value for `schema` with every string leaf replaced by `leaf` (a 10 MB string,
 * a deep structure): how a hostile value gets past the outer checks to the innermost field.
 */
export function templateWith(schema: z.ZodType, leaf: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return null;
  const def = defOf(schema);
  const next = (inner: z.ZodType | undefined) =>
    inner ? templateWith(inner, leaf, depth + 1) : leaf;
  switch (def.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape ?? {}).map(([key, field]) => [key, next(field)]),
      );
    case 'string':
      return leaf;
    case 'number':
      return Math.max(1, (schema as unknown as { minValue: number | null }).minValue ?? 1);
    case 'boolean':
      return false;
    case 'enum':
      return Object.values(def.entries ?? {})[0] ?? leaf;
    case 'literal':
      return def.values?.[0] ?? leaf;
    case 'array':
      return [next(def.element)];
    case 'tuple':
      return (def.items ?? []).map((item) => next(item));
    case 'union':
      return next(def.options?.[0]);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return next(def.innerType);
    case 'pipe':
      return next(def.in);
    case 'lazy':
      return next(def.getter?.());
    case 'record':
      return { key: next(def.valueType) };
    default:
      return leaf;
  }
}
