import { describe, expect, it } from 'vitest';
import { isoDayNumber, isoDaySchema } from './iso-day';
import { ledgerListQuerySchema } from './ledger';

describe('isoDaySchema', () => {
  it('accepts days that exist, leap days included', () => {
    for (const day of ['2026-11-23', '2024-02-29', '1970-01-01', '9999-12-31']) {
      expect(isoDaySchema.safeParse(day).success, day).toBe(true);
    }
    expect(isoDayNumber('1970-01-02')).toBe(1);
  });

  it('refuses days that match the pattern but do not exist', () => {
    for (const day of ['0000-30-00', '2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10']) {
      expect(isoDaySchema.safeParse(day).success, day).toBe(false);
    }
  });

  it('keeps an impossible date out of the ledger query (it broke the date arithmetic)', () => {
    // Found by the contract fuzzer: `to: "0000-30-00"` reached nextDay() and threw a RangeError.
    const result = ledgerListQuerySchema.safeParse({ to: '0000-30-00' });
    expect(result.success).toBe(false);
    expect(ledgerListQuerySchema.safeParse({ to: '2026-11-23' }).success).toBe(true);
  });
});
