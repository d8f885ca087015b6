import { describe, expect, it } from 'vitest';
import { datasetListQuerySchema } from '../../../shared/domain/dataset';
import { readFilters, toListInput, writeFilters } from './catalog-filters';

describe('catalog filters in the URL', () => {
  it('round-trips through search params and drops what the contract does not know', () => {
    const params = new URLSearchParams(
      'q=rota&status=retired&status=active&status=bogus&sensitivity=public&category=personal&category=commercial&category=personal&sort=-updatedAt',
    );
    const filters = readFilters(params);
    expect(filters).toEqual({
      search: 'rota',
      status: ['active', 'retired'],
      sensitivity: ['public'],
      category: ['commercial', 'personal'],
      sort: { field: 'updatedAt', direction: 'desc' },
    });
    expect(readFilters(writeFilters(filters))).toEqual(filters);
  });

  it('falls back to the default sort and omits defaults when writing', () => {
    const filters = readFilters(new URLSearchParams('sort=nonsense'));
    expect(filters.sort).toEqual({ field: 'title', direction: 'asc' });
    expect(writeFilters(filters).toString()).toBe('');
  });

  it('builds list input the contract accepts', () => {
    const filters = readFilters(
      new URLSearchParams(`q=%20x%20&status=active&category=personal&category=${'y'.repeat(49)}`),
    );
    const input = toListInput(filters, 200, 200);
    expect(datasetListQuerySchema.safeParse(input).success).toBe(true);
    expect(input).toEqual({
      search: 'x',
      status: ['active'],
      category: ['personal'],
      sort: { field: 'title', direction: 'asc' },
      offset: 200,
      limit: 200,
    });
  });
});
