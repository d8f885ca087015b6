import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Dataset, DatasetDraft } from '../../../../shared/domain/dataset';
import {
  cadenceKeySchema,
  cadenceOfKey,
  sensitivitySchema,
} from '../../../../shared/domain/governance-terms';
import { execute } from '../../commands/execute';
import { sampleDraft } from '../../testing/charter-setup';
import { useTempWorkspace } from '../../testing/temp-dir';
import { createDataset } from '../catalog-commands';
import { exportCatalog } from './catalog-export';
import { commitImport } from './catalog-import';
import { formatCsvRecord } from './csv';
import { datasetColumns, encodeDatasetCells } from './dataset-columns';
import { accessRightsIri, frequencyIri } from './dcat';

const newWorkspace = useTempWorkspace();

const fixedClock = { now: () => '2026-03-04T05:06:07.000Z' };

const trips = sampleDraft({
  identifier: 'a-trips',
  title: 'Trips',
  description: 'Every trip, daily',
  category: 'operational',
  cadence: cadenceOfKey('daily'),
  steward: 'Lena Berg',
  holder: 'Metro Transit',
  tags: ['transit', 'trips'],
  distributions: [
    { kind: 'file', url: 'https://data.example.org/trips.csv', format: 'CSV' },
    { kind: 'api', url: 'https://api.example.org/v1/trips', format: '' },
  ],
});
const riders = sampleDraft({
  identifier: 'b-riders',
  title: 'Riders',
  description: '',
  category: 'personal',
  sensitivity: 'restricted',
  cadence: cadenceOfKey('weekly'),
  retention: 'P30D',
  steward: '',
  tags: [],
});

type Node = Record<string, unknown>;

function dcatOf(content: string): { catalog: Node; datasets: Node[] } {
  const catalog = JSON.parse(content) as Node;
  return { catalog, datasets: catalog['dcat:dataset'] as Node[] };
}

describe('DCAT export', () => {
  it('writes a dcat:Catalog of dcat:Dataset entries with the EU vocabularies', () => {
    const ws = newWorkspace();
    createDataset(ws, riders);
    const created = createDataset(ws, trips);
    const exported = exportCatalog(ws, 'dcat', fixedClock);
    expect(exported).toMatchObject({
      format: 'dcat',
      fileName: 'acme-health-catalog-2026-03-04.jsonld',
      mediaType: 'application/ld+json',
      datasets: 2,
    });
    const { catalog, datasets } = dcatOf(exported.content);
    expect(catalog['@context']).toMatchObject({
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      skos: 'http://www.w3.org/2004/02/skos/core#',
    });
    expect(catalog).toMatchObject({
      '@id': `urn:uuid:${ws.node.nodeId}`,
      '@type': 'dcat:Catalog',
      'dct:title': 'Acme Health data catalog',
      'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': 'Acme Health' },
      'dct:modified': { '@value': fixedClock.now(), '@type': 'xsd:dateTime' },
    });
    expect(datasets.map((d) => d['dct:identifier'])).toEqual(['a-trips', 'b-riders']);
    expect(datasets[0]).toEqual({
      '@id': `urn:uuid:${created.id}`,
      '@type': 'dcat:Dataset',
      'dct:identifier': 'a-trips',
      'dct:title': 'Trips',
      'dct:description': 'Every trip, daily',
      'dcat:keyword': ['transit', 'trips'],
      'dcat:theme': {
        '@type': 'skos:Concept',
        'skos:notation': 'operational',
        'skos:prefLabel': 'Operational data',
      },
      'dct:accrualPeriodicity': {
        '@id': 'http://publications.europa.eu/resource/authority/frequency/DAILY',
      },
      'dct:accessRights': {
        '@id': 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED',
      },
      'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': 'Metro Transit' },
      'dcat:contactPoint': { '@type': 'vcard:Kind', 'vcard:fn': 'Lena Berg' },
      'dct:issued': { '@value': created.createdAt, '@type': 'xsd:dateTime' },
      'dct:modified': { '@value': created.updatedAt, '@type': 'xsd:dateTime' },
      'dcat:distribution': [
        {
          '@type': 'dcat:Distribution',
          'dcat:accessURL': { '@id': 'https://data.example.org/trips.csv' },
          'dcat:downloadURL': { '@id': 'https://data.example.org/trips.csv' },
          'dct:format': 'CSV',
        },
        {
          '@type': 'dcat:Distribution',
          'dcat:accessURL': { '@id': 'https://api.example.org/v1/trips' },
          'dcat:accessService': {
            '@type': 'dcat:DataService',
            'dcat:endpointURL': { '@id': 'https://api.example.org/v1/trips' },
          },
        },
      ],
    });
    // Empty parts are left out rather than written as empty values.
    expect(datasets[1]).not.toHaveProperty('dct:description');
    expect(datasets[1]).not.toHaveProperty('dcat:keyword');
    expect(datasets[1]).not.toHaveProperty('dcat:contactPoint');
    expect(datasets[1]).not.toHaveProperty('dcat:distribution');
    expect(datasets[1]).toMatchObject({
      'dct:accessRights': {
        '@id': 'http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC',
      },
      'dct:accrualPeriodicity': {
        '@id': 'http://publications.europa.eu/resource/authority/frequency/WEEKLY',
      },
    });
  });

  it('maps every cadence and sensitivity onto the EU authority tables', () => {
    expect(cadenceKeySchema.options.map((key) => frequencyIri(cadenceOfKey(key)))).toEqual(
      ['CONT', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY'].map(
        (code) => `http://publications.europa.eu/resource/authority/frequency/${code}`,
      ),
    );
    expect(sensitivitySchema.options.map(accessRightsIri)).toEqual(
      ['PUBLIC', 'RESTRICTED', 'RESTRICTED', 'NON_PUBLIC'].map(
        (code) => `http://publications.europa.eu/resource/authority/access-right/${code}`,
      ),
    );
  });

  it('exports an empty catalog as valid JSON-LD and a header-only CSV', () => {
    const ws = newWorkspace();
    expect(dcatOf(exportCatalog(ws, 'dcat').content).datasets).toEqual([]);
    const csv = exportCatalog(ws, 'csv');
    expect(csv).toMatchObject({ datasets: 0, mediaType: 'text/csv; charset=utf-8' });
    expect(csv.content).toBe(formatCsvRecord(datasetColumns));
  });

  it("pages through the whole catalog in identifier order, leaving out partners' replicas", () => {
    const ws = newWorkspace();
    const drafts: DatasetDraft[] = Array.from({ length: 2345 }, (_, i) =>
      sampleDraft({ identifier: `ds-${String(2345 - i).padStart(5, '0')}`, title: `D ${i}` }),
    );
    const csvText =
      formatCsvRecord(datasetColumns) +
      drafts.map((draft) => formatCsvRecord(encodeDatasetCells(draft))).join('');
    commitImport(ws, { format: 'csv', fileName: 'x.csv', content: csvText }, []);
    const replica: Dataset = {
      ...sampleDraft({ identifier: 'zz-replica' }),
      id: 'replica-1',
      ownerNode: 'another-node',
      version: 1,
      createdAt: fixedClock.now(),
      updatedAt: fixedClock.now(),
    };
    execute(ws, () => ({
      events: [{ type: 'dataset.created', payload: replica }],
      result: undefined,
    }));
    const expected = drafts.map((d) => d.identifier).sort();

    const dcat = exportCatalog(ws, 'dcat');
    expect(dcat.datasets).toBe(2345);
    expect(dcatOf(dcat.content).datasets.map((d) => d['dct:identifier'])).toEqual(expected);

    const csv = exportCatalog(ws, 'csv');
    expect(csv.datasets).toBe(2345);
    const [header, ...rows] = parse(csv.content);
    expect(header).toEqual([...datasetColumns]);
    expect(rows.map((row) => row[0])).toEqual(expected);
  });
});
