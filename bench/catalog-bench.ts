import { join } from 'node:path';
import {
  datasetListQuerySchema,
  type DatasetDraft,
  type Sensitivity,
} from '../src/shared/domain/dataset';
import type { CadenceKey } from '../src/shared/domain/governance-terms';
import { cadenceOfKey } from '../src/shared/domain/governance-terms';
import { createDataset } from '../src/main/core/catalog/catalog-commands';
import { listDatasets } from '../src/main/core/catalog/catalog-queries';
import { commitImport, previewImport } from '../src/main/core/catalog/transfer/catalog-import';
import { formatCsvRecord } from '../src/main/core/catalog/transfer/csv';
import {
  datasetColumns,
  encodeDatasetCells,
} from '../src/main/core/catalog/transfer/dataset-columns';
import {
  approveCharter,
  publishCharter,
  submitCharter,
} from '../src/main/core/charter/charter-commands';
import { getCharterVersion } from '../src/main/core/charter/charter-queries';
import { Workspace } from '../src/main/core/workspace/workspace';
import { percentile, round, timeMs } from './stats';

/** Per sensitivity, a category of the template charter that admits it, and what that allows. */
const profiles: {
  sensitivity: Sensitivity;
  category: string;
  cadence: CadenceKey;
  retention: string;
}[] = [
  { sensitivity: 'public', category: 'open-reference', cadence: 'daily', retention: 'P1Y' },
  { sensitivity: 'internal', category: 'operational', cadence: 'hourly', retention: 'P1Y' },
  { sensitivity: 'confidential', category: 'commercial', cadence: 'monthly', retention: 'P5Y' },
  { sensitivity: 'restricted', category: 'personal', cadence: 'weekly', retention: 'P30D' },
];

function draft(i: number, prefix = 'dataset'): DatasetDraft {
  const profile = profiles[i % profiles.length] ?? profiles[0];
  if (!profile) throw new Error('no profile');
  return {
    identifier: `${prefix}-${String(i).padStart(6, '0')}`,
    title: `Dataset ${i} about ${['buses', 'trams', 'parking', 'air quality', 'fares'][i % 5]}`,
    description: 'Synthetic dataset for benchmarks, with a description of realistic length.',
    category: profile.category,
    holder: `Operator ${i % 12}`,
    sensitivity: profile.sensitivity,
    status: i % 17 === 0 ? 'deprecated' : 'active',
    steward: `Steward ${i % 40}`,
    cadence: cadenceOfKey(profile.cadence),
    retention: profile.retention,
    distributions: [
      { kind: 'api', url: `https://api.example.org/v1/datasets/${i}`, format: 'JSON' },
      { kind: 'file', url: `https://data.example.org/datasets/${i}.csv`, format: 'CSV' },
    ],
    schemaFields: [
      { name: 'id', type: 'string', personalData: false, classification: 'public' },
      { name: 'observed_at', type: 'datetime', personalData: false, classification: 'public' },
      { name: 'value', type: 'number', personalData: false, classification: profile.sensitivity },
    ],
    pushers: [`Operator ${i % 12}`],
    formats: ['CSV', 'JSON'],
    tags: ['bench', `group-${i % 25}`],
  };
}

/** The template charter every new workspace starts with, published: datasets need categories. */
function publishTemplateCharter(ws: Workspace): void {
  const version = 1;
  const submitted = submitCharter(ws, {
    version,
    expectedRevision: getCharterVersion(ws, version).revision,
  });
  const approved = approveCharter(ws, {
    version,
    expectedRevision: submitted.revision,
    note: 'Bench',
  });
  publishCharter(ws, { version, expectedRevision: approved.revision });
}

/** A CSV of `rows` new datasets, as the export writes it. */
function importFile(rows: number): string {
  const records = [formatCsvRecord(datasetColumns)];
  for (let i = 0; i < rows; i += 1)
    records.push(formatCsvRecord(encodeDatasetCells(draft(i, 'imported'))));
  return records.join('');
}

/**
 * The walking skeleton's two paths: one interactive catalog command end to end (synchronous=FULL)
 * and the paged, sorted, filtered catalog query behind the table, at 10,000 datasets; then a
 * 10,000-row CSV import into that catalog (preview, then commit: validation twice, one
 * transaction, one ledger entry per dataset).
 */
export function catalogBench(dir: string): Promise<Record<string, number>> {
  const ws = Workspace.create(join(dir, 'bench.concordat'), {
    organisation: 'Bench',
    operator: 'Bench',
    roles: ['lead', 'steward'],
  });
  try {
    publishTemplateCharter(ws);
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
    const source = { format: 'csv' as const, fileName: 'bench.csv', content: importFile(10_000) };
    const importMs = timeMs(() => {
      const preview = previewImport(ws, source);
      if (preview.validRows !== 10_000 || preview.fileErrors.length > 0) {
        throw new Error(`bench import file is invalid: ${JSON.stringify(preview.errors[0])}`);
      }
      commitImport(ws, source, []);
    });
    return Promise.resolve({
      'catalog.create_p99_ms': round(percentile(createTimes, 99)),
      'catalog.list_page_10k_p50_ms': round(percentile(listTimes, 50)),
      'catalog.search_10k_p50_ms': round(percentile(searchTimes, 50)),
      'catalog.import_10k_rows_seconds': round(importMs / 1000),
    });
  } finally {
    ws.close();
  }
}
