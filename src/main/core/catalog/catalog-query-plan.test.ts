import { describe, expect, it } from 'vitest';
import { datasetListQuerySchema, datasetSortFieldSchema } from '../../../shared/domain/dataset';
import { useTempWorkspace } from '../testing/temp-dir';
import { datasetPageQuery } from './catalog-queries';

const newWorkspace = useTempWorkspace();

describe('catalog page queries at scale', () => {
  // A page must come from walking an index in sort order: sorting every match in a temporary
  // b-tree is what makes a broad search over 100,000 datasets slow (the benchmark measures it).
  it.each(
    datasetSortFieldSchema.options.flatMap((field) => [
      [field, 'asc' as const],
      [field, 'desc' as const],
    ]),
  )('reads a filtered page sorted by %s %s in index order', (field, direction) => {
    const ws = newWorkspace();
    const compiled = datasetPageQuery(
      datasetListQuerySchema.parse({
        search: 'bus positions',
        status: ['active'],
        sensitivity: ['internal', 'confidential'],
        category: ['operational'],
        sort: { field, direction },
      }),
    ).compile();
    const plan = (
      ws.sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as {
        detail: string;
      }[]
    )
      .map((row) => row.detail)
      .join('\n');
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(plan).toMatch(/SCAN dataset USING (COVERING )?INDEX dataset_/);
  });
});
