import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../testing/temp-dir';
import { readLines } from './verify-bundle';

const tempDir = useTempDir();

function linesOf(content: Buffer | string, maxLine?: number): string[] {
  const path = join(tempDir(), 'entries.jsonl');
  writeFileSync(path, content);
  return [...readLines(path, maxLine)].map((line) => line.toString('utf8'));
}

describe('reading entries.jsonl', () => {
  it('yields every line whole, across read chunks, with or without a final newline', () => {
    const long = 'x'.repeat(1_500_000);
    expect(linesOf(`a\n${long}\nb`, 2_000_000)).toEqual(['a', long, 'b']);
    expect(linesOf('a\nb\n')).toEqual(['a', 'b']);
  });

  it('refuses a line longer than any entry instead of returning it without its middle', () => {
    // 3.5 MiB: the reader used to keep only the first chunk and the tail, silently.
    const spliced = Buffer.concat([
      Buffer.alloc(2 * 1024 * 1024, 'A'),
      Buffer.alloc(1024 * 1024, 'B'),
      Buffer.alloc(512 * 1024, 'C'),
      Buffer.from('\n'),
    ]);
    expect(() => linesOf(spliced)).toThrow(expect.objectContaining({ code: 'BUNDLE_INVALID' }));
    expect(() => linesOf(`ok\n${'z'.repeat(101)}`, 100)).toThrow(/Line 2 of/);
  });
});
