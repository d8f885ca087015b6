/*
 * Integer helpers for tree sizes and indexes. JavaScript bitwise operators truncate to 32 bits,
 * so these use arithmetic and stay exact for every safe integer (< 2^53).
 */

const TWO_32 = 2 ** 32;

export function isTreeSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

export function half(n: number): number {
  return Math.floor(n / 2);
}

/** floor(log2(n)) for n ≥ 1. */
export function highestBit(n: number): number {
  if (n < TWO_32) return 31 - Math.clz32(n);
  return 32 + (31 - Math.clz32(Math.floor(n / TWO_32)));
}

/** The k of RFC 6962 §2.1: the largest power of two strictly smaller than n, for n ≥ 2. */
export function splitPoint(n: number): number {
  return 2 ** highestBit(n - 1);
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** highestBit(n) === n;
}

/** True if bit `level` of n is set. */
export function hasBit(n: number, level: number): boolean {
  return isOdd(Math.floor(n / 2 ** level));
}
