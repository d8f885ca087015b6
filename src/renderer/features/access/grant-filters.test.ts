import { describe, expect, it } from 'vitest';
import { readGrantFilters, toGrantListInput, writeGrantFilters } from './grant-filters';

describe('grant filters in the URL', () => {
  it('reads the dashboard links: comma lists, a day, the out-of-bounds flag', () => {
    const filters = readGrantFilters(
      new URLSearchParams('status=approved,active&untilBy=2026-12-23&outOfBounds=1'),
    );
    expect(filters).toMatchObject({
      status: ['approved', 'active'],
      untilBy: '2026-12-23',
      outOfBounds: true,
      sort: { field: 'requestedAt', direction: 'desc' },
    });
  });

  it('drops what the contract would refuse instead of failing the page', () => {
    const filters = readGrantFilters(
      new URLSearchParams(
        `status=bogus,active&untilBy=soon&principal=${'x'.repeat(65)}&sort=-nope`,
      ),
    );
    expect(filters).toMatchObject({ status: ['active'], untilBy: null, principalId: null });
    expect(filters.sort).toEqual({ field: 'requestedAt', direction: 'desc' });
  });

  it('round-trips through the URL and becomes the channel input', () => {
    const filters = readGrantFilters(
      new URLSearchParams('q=acme&status=suspended&principal=p-1&dataset=d-1&sort=untilDay'),
    );
    expect(readGrantFilters(writeGrantFilters(filters))).toEqual(filters);
    expect(toGrantListInput(filters, 100, 50)).toEqual({
      search: 'acme',
      status: ['suspended'],
      principalId: 'p-1',
      datasetId: 'd-1',
      sort: { field: 'untilDay', direction: 'asc' },
      offset: 100,
      limit: 50,
    });
  });
});
