import { join } from 'node:path';
import { datasetListQuerySchema, type DatasetDraft } from '../src/shared/domain/dataset';
import { createDataset } from '../src/main/core/catalog/catalog-commands';
import { listDatasets } from '../src/main/core/catalog/catalog-queries';
import { Workspace } from '../src/main/core/workspace/workspace';
import { percentile, round, timeMs } from './stats';

const sensitivities = ['public', 'internal', 'confidential', 'restricted'] as const;

function draft(i: number): DatasetDraft {
  return {
    identifier: `dataset-${String(i).padStart(6, '0')}`,
    title: `Dataset ${i} about ${['buses', 'trams', 'parking', 'air quality', 'fares'][i % 5]}`,
    description: 'Synthetic dataset for benchmarks, with a description of realistic length.',
    sensitivity: sensitivities[i % 4] ?? 'internal',
    status: i % 17 === 0 ? 'deprecated' : 'active',
    steward: `Steward ${i % 40}`,
    formats: ['CSV', 'JSON'],
    tags: ['bench', `group-${i % 25}`],
  };
}

/**
 * The walking skeleton's two paths: one interactive catalog command end to end (synchronous=FULL)
 * and the paged, sorted, filtered catalog query behind the table, at 10,000 datasets.
 */
export function catalogBench(dir: string): Promise<Record<string, number>> {
  const ws = Workspace.create(join(dir, 'bench.concordat'), {
    organisation: 'Bench',
    operator: 'Bench',
    roles: ['steward'],
  });
  try {
    const createTimes: number[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      const sample = timeMs(() => createDataset(ws, draft(i)));
      if (i >= 9_000) createTimes.push(sample);
    }
    const query = (search: string) =>
      datasetListQuerySchema.parse({
        search,
        sort: { field: 'title', direction: 'asc' },
        limit: 200,
      });
    const listTimes: number[] = [];
    const searchTimes: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      listTimes.push(timeMs(() => listDatasets(ws, query(''))));
      searchTimes.push(timeMs(() => listDatasets(ws, query(`group-${i % 25}`))));
    }
    return Promise.resolve({
      'catalog.create_p99_ms': round(percentile(createTimes, 99)),
      'catalog.list_page_10k_p50_ms': round(percentile(listTimes, 50)),
      'catalog.search_10k_p50_ms': round(percentile(searchTimes, 50)),
    });
  } finally {
    ws.close();
  }
}
