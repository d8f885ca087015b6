import type { Dataset, Distribution } from '../../../../shared/domain/dataset';
import {
  type Cadence,
  type CadenceKey,
  cadenceKey,
  type Sensitivity,
} from '../../../../shared/domain/governance-terms';

/**
 * The catalog as W3C DCAT 3 (https://www.w3.org/TR/vocab-dcat-3/) in JSON-LD, with the EU
 * Publications Office authority tables for frequency and access rights, so open-data portals
 * and DCAT-AP harvesters can read it.
 */

export const dcatContext = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

const FREQUENCY = 'http://publications.europa.eu/resource/authority/frequency/';
const ACCESS_RIGHT = 'http://publications.europa.eu/resource/authority/access-right/';

const frequencyCodes: Record<CadenceKey, string> = {
  realtime: 'CONT',
  hourly: 'HOURLY',
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  quarterly: 'QUARTERLY',
};

/** Public data is PUBLIC; data shared under a grant is RESTRICTED; restricted data is NON_PUBLIC. */
const accessRightCodes: Record<Sensitivity, string> = {
  public: 'PUBLIC',
  internal: 'RESTRICTED',
  confidential: 'RESTRICTED',
  restricted: 'NON_PUBLIC',
};

export function frequencyIri(cadence: Cadence): string {
  return FREQUENCY + frequencyCodes[cadenceKey(cadence)];
}

export function accessRightsIri(sensitivity: Sensitivity): string {
  return ACCESS_RIGHT + accessRightCodes[sensitivity];
}

function dateTime(value: string) {
  return { '@value': value, '@type': 'xsd:dateTime' };
}

function agent(name: string) {
  return { '@type': 'foaf:Agent', 'foaf:name': name };
}

function dcatDistribution(distribution: Distribution) {
  const format = distribution.format === '' ? {} : { 'dct:format': distribution.format };
  const url = { '@id': distribution.url };
  if (distribution.kind === 'file') {
    // DCAT-AP makes accessURL mandatory; for a plain download it is the same URL.
    return {
      '@type': 'dcat:Distribution',
      'dcat:accessURL': url,
      'dcat:downloadURL': url,
      ...format,
    };
  }
  return {
    '@type': 'dcat:Distribution',
    'dcat:accessURL': url,
    'dcat:accessService': { '@type': 'dcat:DataService', 'dcat:endpointURL': url },
    ...format,
  };
}

/** One dataset as a `dcat:Dataset` node; `categoryName` labels its theme (the charter's name). */
export function dcatDataset(dataset: Dataset, categoryName: string | undefined) {
  return {
    '@id': `urn:uuid:${dataset.id}`,
    '@type': 'dcat:Dataset',
    'dct:identifier': dataset.identifier,
    'dct:title': dataset.title,
    ...(dataset.description === '' ? {} : { 'dct:description': dataset.description }),
    ...(dataset.tags.length === 0 ? {} : { 'dcat:keyword': dataset.tags }),
    ...(dataset.category === ''
      ? {}
      : {
          'dcat:theme': {
            '@type': 'skos:Concept',
            'skos:notation': dataset.category,
            'skos:prefLabel': categoryName ?? dataset.category,
          },
        }),
    'dct:accrualPeriodicity': { '@id': frequencyIri(dataset.cadence) },
    'dct:accessRights': { '@id': accessRightsIri(dataset.sensitivity) },
    ...(dataset.holder === '' ? {} : { 'dct:publisher': agent(dataset.holder) }),
    ...(dataset.steward === ''
      ? {}
      : { 'dcat:contactPoint': { '@type': 'vcard:Kind', 'vcard:fn': dataset.steward } }),
    'dct:issued': dateTime(dataset.createdAt),
    'dct:modified': dateTime(dataset.updatedAt),
    ...(dataset.distributions.length === 0
      ? {}
      : { 'dcat:distribution': dataset.distributions.map(dcatDistribution) }),
  };
}

/**
 * The `dcat:Catalog` document, written as text so the datasets can come in pages: `datasets`
 * yields each page's datasets already serialised (one JSON object per entry).
 */
export function* dcatCatalogChunks(
  catalog: { nodeId: string; organisation: string; modified: string },
  datasets: Iterable<string[]>,
): Generator<string> {
  const head = JSON.stringify(
    {
      '@context': dcatContext,
      '@id': `urn:uuid:${catalog.nodeId}`,
      '@type': 'dcat:Catalog',
      'dct:title': `${catalog.organisation} data catalog`,
      'dct:publisher': agent(catalog.organisation),
      'dct:modified': dateTime(catalog.modified),
    },
    null,
    2,
  );
  // Reopen the object (drop its closing "\n}") to append the dataset list.
  yield `${head.slice(0, -2)},\n  "dcat:dataset": [`;
  let first = true;
  for (const page of datasets) {
    if (page.length === 0) continue;
    yield `${first ? '\n' : ',\n'}    ${page.join(',\n    ')}`;
    first = false;
  }
  yield `${first ? '' : '\n  '}]\n}\n`;
}
