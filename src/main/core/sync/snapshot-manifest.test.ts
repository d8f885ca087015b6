import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableSpecs } from '../db/schema';
import { replicaColumns, replicaTables, snapshotParts } from './replica-tables';
import { snapshotRecordCheck, snapshotRecordSchema } from './snapshot-manifest';

const edgeNumbers = [
  0,
  -0,
  1,
  -1,
  0.5,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  -Number.MAX_SAFE_INTEGER - 1,
  1e300,
];

function columnSpec(kind: (typeof snapshotParts)[number], column: string) {
  return (tableSpecs[replicaTables[kind]] as Record<string, { type: string; notNull: boolean }>)[
    column
  ];
}

/** A value of the column's type (null where the column allows it). */
function cell(kind: (typeof snapshotParts)[number], column: string): fc.Arbitrary<unknown> {
  const spec = columnSpec(kind, column);
  const value: fc.Arbitrary<unknown> =
    spec?.type === 'INTEGER' ? fc.integer() : fc.string({ maxLength: 12 });
  return spec?.notNull ? value : fc.option(value, { nil: null });
}

/** Anything a hostile record might hold instead. */
const oddCell = fc.oneof(
  fc.constantFrom(...edgeNumbers),
  fc.constant(null),
  fc.boolean(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
);

/**
 * A record of the kind: its columns in order, with up to two values swapped for odd ones, and
 * sometimes reordered, short of one column, or with one more.
 */
function record(kind: (typeof snapshotParts)[number]): fc.Arbitrary<Record<string, unknown>> {
  const columns = replicaColumns(kind);
  return fc
    .tuple(
      fc.tuple(...columns.map((column) => cell(kind, column))),
      fc.array(fc.tuple(fc.nat(columns.length - 1), oddCell), { maxLength: 2 }),
      fc.constantFrom('as-is', 'as-is', 'as-is', 'reversed', 'short', 'extra'),
    )
    .map(([cells, odd, shape]) => {
      const values: unknown[] = [...cells];
      for (const [at, value] of odd) values[at] = value;
      let entries: [string, unknown][] = columns.map((column, i) => [column, values[i]]);
      if (shape === 'reversed') entries = entries.reverse();
      if (shape === 'short') entries = entries.slice(1);
      if (shape === 'extra') entries.push(['extra', 1]);
      return Object.fromEntries(entries);
    });
}

describe('the quick record check', () => {
  it.each(snapshotParts)(
    'passes a %s record only when the schema returns it unchanged (property)',
    (kind) => {
      const check = snapshotRecordCheck(kind);
      const schema = snapshotRecordSchema(kind);
      let passed = 0;
      fc.assert(
        fc.property(record(kind), (value) => {
          if (!check(value)) return;
          passed += 1;
          const parsed = schema.safeParse(value);
          expect(parsed.success).toBe(true);
          expect(Object.keys(parsed.data ?? {})).toEqual(Object.keys(value));
          expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(value));
        }),
        { numRuns: 600 },
      );
      expect(passed).toBeGreaterThan(0);
    },
  );

  it('holds text lengths and integers to the same limits as the schema', () => {
    const check = snapshotRecordCheck('dataset');
    const schema = snapshotRecordSchema('dataset');
    const base = Object.fromEntries(
      replicaColumns('dataset').map((column) => [
        column,
        columnSpec('dataset', column)?.type === 'INTEGER' ? 1 : 'x',
      ]),
    );
    const variants: Record<string, unknown>[] = [
      base,
      { ...base, title: 'x'.repeat(16 * 1024) },
      { ...base, title: 'x'.repeat(16 * 1024 + 1) },
      { ...base, title: '😀'.repeat(8 * 1024) },
      { ...base, title: '😀'.repeat(8 * 1024) + 'x' },
      { ...base, distributions: 'x'.repeat(512 * 1024) },
      { ...base, distributions: 'x'.repeat(512 * 1024 + 1) },
      ...edgeNumbers.map((version) => ({ ...base, version })),
    ];
    const passes = variants.map((value) => {
      const parsed = schema.safeParse(value);
      if (check(value)) {
        expect(parsed.success).toBe(true);
        expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(value));
      }
      return [check(value), parsed.success];
    });
    expect(passes.slice(0, 7)).toEqual([
      [true, true],
      [true, true],
      [false, false],
      [true, true],
      // 16,385 UTF-16 units, 8,193 code points: left to the schema, which counts code points.
      [false, true],
      [true, true],
      [false, false],
    ]);
    expect(check(Object.assign(Object.create(null) as object, base))).toBe(false);
    expect(check([base])).toBe(false);
  });
});
