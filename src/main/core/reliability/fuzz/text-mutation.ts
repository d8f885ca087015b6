import fc from 'fast-check';
import { nastyStrings } from './hostile-values';

/*
 * Mutations of a file's text as plain data, so fast-check prints and shrinks them. Positions
 * are taken modulo the length they index, so any number is a valid position in any file.
 */
export type TextMutation =
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'drop-line'; line: number }
  | { kind: 'append'; text: string };

/** What gets spliced in: syntax of the formats under test, oddities, and plain noise. */
const splice: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '"',
    "'",
    ',',
    ';',
    '\n',
    '\r\n',
    '\r',
    '{',
    '}',
    '[',
    ']',
    ':',
    '\\',
    '\\u0000',
    '\uFEFF',
    '\0',
    '\uD800',
    '{"__proto__":{"polluted":1}}',
    '"constructor":{"prototype":{"polluted":1}},',
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
    '1e999',
    '-0',
    'null',
  ),
  fc.constantFrom(...nastyStrings),
  // One byte of any value (in a latin1 view of a binary file, any byte at all).
  fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code)),
  fc.constant('x'.repeat(70_000)),
);

const position = fc.nat({ max: 1_000_000 });

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: position, text: splice }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: splice }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: position,
    length: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: position }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('drop-line' as const), line: position }),
  fc.record({ kind: fc.constant('append' as const), text: splice }),
);

/** One to four mutations, applied in order. */
export const textMutations: fc.Arbitrary<TextMutation[]> = fc.array(textMutation, {
  minLength: 1,
  maxLength: 4,
});

function mod(at: number, length: number): number {
  return length === 0 ? 0 : at % length;
}

function withLines(text: string, edit: (lines: string[]) => string[]): string {
  return edit(text.split('\n')).join('\n');
}

export function applyTextMutation(text: string, mutation: TextMutation): string {
  switch (mutation.kind) {
    case 'replace': {
      const at = mod(mutation.at, text.length);
      return text.slice(0, at) + mutation.text + text.slice(at + 1);
    }
    case 'insert': {
      const at = mod(mutation.at, text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
    case 'delete': {
      const at = mod(mutation.at, text.length);
      return text.slice(0, at) + text.slice(at + mutation.length);
    }
    case 'truncate':
      return text.slice(0, mod(mutation.at, text.length));
    case 'duplicate-line':
      return withLines(text, (lines) => {
        const at = mod(mutation.line, lines.length);
        return [...lines.slice(0, at + 1), lines[at] ?? '', ...lines.slice(at + 1)];
      });
    case 'swap-lines':
      return withLines(text, (lines) => {
        const a = mod(mutation.a, lines.length);
        const b = mod(mutation.b, lines.length);
        const copy = [...lines];
        [copy[a], copy[b]] = [lines[b] ?? '', lines[a] ?? ''];
        return copy;
      });
    case 'drop-line':
      return withLines(text, (lines) =>
        lines.filter((_, i) => i !== mod(mutation.line, lines.length)),
      );
    case 'append':
      return text + mutation.text;
  }
}

export function applyTextMutations(text: string, mutations: readonly TextMutation[]): string {
  return mutations.reduce(applyTextMutation, text);
}

/** The same mutations on bytes, through a latin1 view (one character per byte). */
export function applyByteMutations(bytes: Buffer, mutations: readonly TextMutation[]): Buffer {
  return Buffer.from(applyTextMutations(bytes.toString('latin1'), mutations), 'latin1');
}
