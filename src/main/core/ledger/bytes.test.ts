import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './bytes';

describe('strict base64', () => {
  it('accepts only the canonical padded standard encoding', () => {
    expect([...fromBase64('AAEC')]).toEqual([0, 1, 2]);
    expect([...fromBase64('AAE=')]).toEqual([0, 1]);
    expect([...fromBase64('AA==')]).toEqual([0]);
    expect(fromBase64('').byteLength).toBe(0);
    for (const bad of ['AA', 'AAE', 'A===', 'AA=A', 'AB==', '-_8=', 'AA E', 'AAE=AAEC']) {
      expect(() => fromBase64(bad), bad).toThrow(
        expect.objectContaining({ code: 'BASE64_INVALID' }),
      );
    }
  });

  it('decodes tens of megabytes (the review evidence of 200,000 grants) without overflowing', () => {
    const bytes = Buffer.alloc(30 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = i % 251;
    // Buffer.equals rather than toEqual: a deep compare of 30 million elements exhausts the heap.
    expect(Buffer.from(fromBase64(toBase64(bytes))).equals(bytes)).toBe(true);
  });
});
