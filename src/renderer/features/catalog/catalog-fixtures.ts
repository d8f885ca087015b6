import { makeCharterVersion } from '../../test/charter-fixture';
import { FakeTransport, makeDataset, ok } from '../../test/fake-transport';

type DatasetOverrides = Parameters<typeof makeDataset>[0];

/** A dataset in the template's operational category, which keeps its rules by default. */
export function governedDataset(overrides: DatasetOverrides) {
  return makeDataset({ category: 'operational', holder: 'Northwind Health', ...overrides });
}

/** A fake main with the template charter published and `datasets` in the catalog. */
export function withCharter(datasets: DatasetOverrides[] = []): FakeTransport {
  const transport = new FakeTransport({ datasets: datasets.map(governedDataset) });
  transport.respond('charter.governing', () => ok({ charter: makeCharterVersion() }));
  return transport;
}
