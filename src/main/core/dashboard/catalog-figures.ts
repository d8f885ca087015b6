import type { CharterContent } from '../../../shared/domain/charter';
import type { CatalogFigures, CategoryFigure } from '../../../shared/domain/dashboard';
import { findingsCounter } from '../catalog/catalog-queries';
import { datasetFromRow } from '../catalog/dataset-row';
import { all, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';

/** Datasets per category id, counted in the covering facets index (no wide rows read). */
function countByCategory(ws: Workspace): Map<string, number> {
  const rows = all(
    ws.sqlite,
    qb
      .selectFrom('dataset')
      .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('category'),
  );
  return new Map(rows.map((row) => [row.category, row.n]));
}

const findingsCache = new WeakMap<Workspace, { key: number; perCategory: Map<string, number> }>();

/**
 * Datasets with charter findings, per category id. The rules are JavaScript (the same ones the
 * catalog shows per row), so every dataset is read and checked, once per ledger size: any
 * dataset edit or charter publication appends to the ledger.
 */
function countWithFindings(ws: Workspace): Map<string, number> {
  const key = ws.ledger.size;
  const cached = findingsCache.get(ws);
  if (cached?.key === key) return cached.perCategory;
  const findings = findingsCounter(ws);
  const perCategory = new Map<string, number>();
  for (const row of all(ws.sqlite, qb.selectFrom('dataset').selectAll())) {
    if (findings(datasetFromRow(row)) > 0) {
      perCategory.set(row.category, (perCategory.get(row.category) ?? 0) + 1);
    }
  }
  findingsCache.set(ws, { key, perCategory });
  return perCategory;
}

/** Datasets per category of the governing charter, with the ids it does not define after. */
export function catalogFigures(ws: Workspace, charter: CharterContent | null): CatalogFigures {
  const counts = countByCategory(ws);
  const withFindings = countWithFindings(ws);
  const figure = (id: string, name: string, inCharter: boolean): CategoryFigure => ({
    id,
    name,
    inCharter,
    datasets: counts.get(id) ?? 0,
    withFindings: withFindings.get(id) ?? 0,
  });
  const defined = (charter?.categories ?? []).map((c) => figure(c.id, c.name, true));
  const known = new Set(defined.map((category) => category.id));
  const unknown = [...counts.keys()]
    .filter((id) => !known.has(id))
    .sort()
    .map((id) => figure(id, id, false));
  const sum = (values: Iterable<number>) => [...values].reduce((total, n) => total + n, 0);
  return {
    total: sum(counts.values()),
    withFindings: sum(withFindings.values()),
    categories: [...defined, ...unknown],
  };
}
