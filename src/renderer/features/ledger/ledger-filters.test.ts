import { describe, expect, it } from 'vitest';
import { ledgerListQuerySchema } from '../../../shared/domain/ledger';
import {
  hasActiveLedgerFilters,
  readLedgerFilters,
  toLedgerListInput,
  writeLedgerFilters,
} from './ledger-filters';

describe('ledger filters in the URL', () => {
  it('round-trips through the URL and keeps the other parameters', () => {
    const filters = {
      types: ['dataset.created', 'dataset.updated'],
      actor: 'Ada Okafor',
      entity: 'dataset:',
      from: '2026-01-01',
      to: '2026-11-23',
      order: 'asc' as const,
    };
    const params = writeLedgerFilters(new URLSearchParams('tab=entries&entry=12'), filters);
    expect(params.get('entry')).toBe('12');
    expect(params.get('tab')).toBe('entries');
    expect(readLedgerFilters(params)).toEqual(filters);
    expect(hasActiveLedgerFilters(filters)).toBe(true);
  });

  it('ignores malformed values instead of sending them to main', () => {
    const filters = readLedgerFilters(
      new URLSearchParams('from=yesterday&to=2026-13&order=sideways&type=&type=b&type=a&type=b'),
    );
    expect(filters).toEqual({
      types: ['a', 'b'],
      actor: '',
      entity: '',
      from: '',
      to: '',
      order: 'desc',
    });
    expect(hasActiveLedgerFilters(filters)).toBe(true);
    expect(ledgerListQuerySchema.safeParse(toLedgerListInput(filters, 0, 200)).success).toBe(true);
    const many = readLedgerFilters(
      new URLSearchParams(Array.from({ length: 80 }, (_, i) => ['type', `t${String(i)}`])),
    );
    expect(ledgerListQuerySchema.safeParse(toLedgerListInput(many, 0, 200)).success).toBe(true);
  });

  it('defaults to every entry, newest first', () => {
    const filters = readLedgerFilters(new URLSearchParams());
    expect(hasActiveLedgerFilters(filters)).toBe(false);
    expect(toLedgerListInput(filters, 400, 200)).toEqual({
      types: [],
      actor: '',
      entity: '',
      order: 'desc',
      offset: 400,
      limit: 200,
    });
  });
});
