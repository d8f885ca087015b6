import type { CatalogExport, ExportFormat } from '../../../../shared/domain/catalog-transfer';
import type { Dataset } from '../../../../shared/domain/dataset';
import { assertNever } from '../../../../shared/errors';
import { getGoverningCharter } from '../../charter/charter-queries';
import { all, qb } from '../../db/sql';
import type { Workspace } from '../../workspace/workspace';
import { type Clock, systemClock } from '../catalog-commands';
import { datasetFromRow } from '../dataset-row';
import { formatCsvRecord } from './csv';
import { datasetColumns, encodeDatasetCells } from './dataset-columns';
import { dcatCatalogChunks, dcatDataset } from './dcat';

/** Datasets read per query: enough to amortise the query, few enough to stay small in memory. */
const PAGE_SIZE = 1000;

/**
 * This node's own datasets in identifier order, a page at a time (keyset paging on the
 * (owner_node, identifier) index), so a 100,000-dataset catalog never sits in memory as objects.
 * Replicas of partners' catalogs are theirs to publish and are left out.
 */
function* ownDatasetPages(ws: Workspace): Generator<Dataset[]> {
  let after = '';
  for (;;) {
    const rows = all(
      ws.sqlite,
      qb
        .selectFrom('dataset')
        .selectAll()
        .where('owner_node', '=', ws.node.nodeId)
        .where('identifier', '>', after)
        .orderBy('identifier')
        .limit(PAGE_SIZE),
    );
    const last = rows.at(-1);
    if (!last) return;
    yield rows.map(datasetFromRow);
    after = last.identifier;
  }
}

function fileStem(organisation: string, now: string): string {
  const slug = organisation
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug === '' ? 'concordat' : slug}-catalog-${now.slice(0, 10)}`;
}

/** The catalog as CSV (the import's columns, formula-neutralised) or as DCAT 3 JSON-LD. */
export function exportCatalog(
  ws: Workspace,
  format: ExportFormat,
  clock: Clock = systemClock,
): CatalogExport {
  const now = clock.now();
  const stem = fileStem(ws.node.organisation, now);
  const chunks: string[] = [];
  let count = 0;
  switch (format) {
    case 'csv': {
      chunks.push(formatCsvRecord(datasetColumns));
      for (const page of ownDatasetPages(ws)) {
        count += page.length;
        chunks.push(page.map((dataset) => formatCsvRecord(encodeDatasetCells(dataset))).join(''));
      }
      return {
        format,
        fileName: `${stem}.csv`,
        mediaType: 'text/csv; charset=utf-8',
        content: chunks.join(''),
        datasets: count,
      };
    }
    case 'dcat': {
      const categories = new Map(
        getGoverningCharter(ws)?.content.categories.map((category) => [category.id, category.name]),
      );
      const pages = (function* () {
        for (const page of ownDatasetPages(ws)) {
          count += page.length;
          yield page.map((dataset) =>
            JSON.stringify(dcatDataset(dataset, categories.get(dataset.category))),
          );
        }
      })();
      for (const chunk of dcatCatalogChunks(
        { nodeId: ws.node.nodeId, organisation: ws.node.organisation, modified: now },
        pages,
      )) {
        chunks.push(chunk);
      }
      return {
        format,
        fileName: `${stem}.jsonld`,
        mediaType: 'application/ld+json',
        content: chunks.join(''),
        datasets: count,
      };
    }
    default:
      return assertNever(format, 'export format');
  }
}
