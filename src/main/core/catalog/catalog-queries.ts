import { type ExpressionBuilder, sql } from 'kysely';
import type { Dataset, DatasetListQuery, DatasetPage } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/errors';
import { all, first, qb } from '../db/sql';
import type { DB } from '../db/schema';
import type { Workspace } from '../workspace/workspace';
import { datasetFromRow } from './dataset-row';
import { checkDatasetAgainstCharter } from '../../../shared/domain/catalog-rules';
import { getGoverningCharter } from '../charter/charter-queries';

/**
 * The user's words as an FTS5 query: each word a quoted prefix term, all required. Quoting
 * makes every character literal, so `bike-share`, `"` or `AND` cannot change the query's
 * meaning; the tokenizer splits them just as it split the indexed text.
 */
export function ftsQuery(search: string): string | null {
  // Split as the unicode61 tokenizer does, so each term is one token (no phrases needed).
  const words = search.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
  if (words.length === 0) return null;
  // A lone letter as a prefix would match most of the catalog (and cost a scan of every term
  // starting with it): it matches whole words; prefixes start at two characters.
  return words.map((word) => (word.length === 1 ? `"${word}"` : `"${word}"*`)).join(' ');
}

/**
 * The view's conditions. `forPage` writes them with a unary `+`, which keeps SQLite from
 * driving the query by them: a page is then read in the order of the sort's index (each of
 * which carries the filter columns), and only the 100 rows shown are fetched — instead of
 * fetching and sorting every match, which for a broad search at 100,000 datasets is slow.
 * Counting wants the opposite: driven by the FTS hits or the covering facets index.
 */
function filters(query: DatasetListQuery, forPage: boolean) {
  const plus = forPage ? sql`+` : sql``;
  const inList = (column: 'status' | 'sensitivity' | 'category', values: readonly string[]) =>
    sql<boolean>`${plus}${sql.ref(column)} IN (${sql.join(values)})`;
  return (eb: ExpressionBuilder<DB, 'dataset'>) => {
    const conditions = [];
    const match = ftsQuery(query.search.trim());
    if (match !== null) {
      conditions.push(
        sql<boolean>`${plus}row_key IN (SELECT rowid FROM dataset_fts WHERE dataset_fts MATCH ${match})`,
      );
    }
    if (query.status?.length) conditions.push(inList('status', query.status));
    if (query.sensitivity?.length) conditions.push(inList('sensitivity', query.sensitivity));
    if (query.category?.length) conditions.push(inList('category', query.category));
    return eb.and(conditions);
  };
}

/** Written exactly as the expression indexes in migration 0004 are, so SQLite uses them. */
const sortExpressions = {
  identifier: sql`identifier`,
  title: sql`title COLLATE NOCASE`,
  category: sql`category`,
  holder: sql`holder COLLATE NOCASE`,
  steward: sql`steward COLLATE NOCASE`,
  updatedAt: sql`updated_at`,
  // Order by meaning, not alphabet: public < internal < confidential < restricted.
  sensitivity: sql`CASE sensitivity WHEN 'public' THEN 0 WHEN 'internal' THEN 1 WHEN 'confidential' THEN 2 ELSE 3 END`,
  status: sql`CASE status WHEN 'active' THEN 0 WHEN 'deprecated' THEN 1 ELSE 2 END`,
  // Realtime first, then by growing interval.
  cadence: sql`CASE cadence WHEN 'realtime' THEN 0 WHEN 'hourly' THEN 1 WHEN 'daily' THEN 2 WHEN 'weekly' THEN 3 WHEN 'monthly' THEN 4 ELSE 5 END`,
} as const;

/** Counts each dataset's charter findings against the governing charter (0 without one). */
export function findingsCounter(ws: Workspace): (dataset: Dataset) => number {
  const governing = getGoverningCharter(ws);
  if (!governing) return () => 0;
  return (dataset) => checkDatasetAgainstCharter(dataset, governing.content).length;
}

/** The query behind one page of the catalog table. */
export function datasetPageQuery(query: DatasetListQuery) {
  const direction = query.sort.direction === 'asc' ? sql`ASC` : sql`DESC`;
  return (
    qb
      .selectFrom('dataset')
      .selectAll()
      .where(filters(query, true))
      // Ties broken by id in the same direction, so one index scan serves either way.
      .orderBy(sql`${sortExpressions[query.sort.field]} ${direction}`)
      .orderBy(sql`id ${direction}`)
      .limit(query.limit)
      .offset(query.offset)
  );
}

export function listDatasets(ws: Workspace, query: DatasetListQuery): DatasetPage {
  const rows = all(ws.sqlite, datasetPageQuery(query));
  const findings = findingsCounter(ws);
  return {
    rows: rows.map((row) => {
      const dataset = datasetFromRow(row);
      return { ...dataset, findings: findings(dataset) };
    }),
    total: countDatasetsMatching(ws, query),
    offset: query.offset,
  };
}

/**
 * Counts a filtered view. Scrolling asks for page after page of the same view, so the count is
 * remembered until the workspace changes (every change appends to the ledger). A search alone
 * is counted in the FTS index (one index row per dataset); other filters use the covering
 * `dataset_facets` index; neither reads the wide dataset rows.
 */
function countDatasetsMatching(ws: Workspace, query: DatasetListQuery): number {
  const { status, sensitivity, category } = query;
  const match = ftsQuery(query.search.trim());
  const key = JSON.stringify([ws.ledger.size, match, status, sensitivity, category]);
  const cached = countCache.get(ws);
  if (cached?.key === key) return cached.total;
  const facets = Boolean(status?.length || sensitivity?.length || category?.length);
  const total =
    match !== null && !facets
      ? (ws.sqlite
          .prepare('SELECT count(*) FROM dataset_fts WHERE dataset_fts MATCH ?')
          .pluck()
          .get(match) as number)
      : (first(
          ws.sqlite,
          qb
            .selectFrom('dataset')
            .select((eb) => eb.fn.countAll<number>().as('total'))
            .where(filters(query, false)),
        )?.total ?? 0);
  countCache.set(ws, { key, total });
  return total;
}

const countCache = new WeakMap<Workspace, { key: string; total: number }>();

export function findDataset(ws: Workspace, id: string): Dataset | undefined {
  const row = first(ws.sqlite, qb.selectFrom('dataset').selectAll().where('id', '=', id));
  return row ? datasetFromRow(row) : undefined;
}

export function getDataset(ws: Workspace, id: string): Dataset {
  const found = findDataset(ws, id);
  if (!found) throw new AppError('NOT_FOUND', `No dataset with id ${id} in this workspace.`);
  return found;
}

export function findDatasetByIdentifier(
  ws: Workspace,
  ownerNode: string,
  identifier: string,
): Dataset | undefined {
  const row = first(
    ws.sqlite,
    qb
      .selectFrom('dataset')
      .selectAll()
      .where('owner_node', '=', ownerNode)
      .where('identifier', '=', identifier),
  );
  return row ? datasetFromRow(row) : undefined;
}

export function countDatasets(ws: Workspace): number {
  return (
    first(
      ws.sqlite,
      qb.selectFrom('dataset').select((eb) => eb.fn.countAll<number>().as('n')),
    )?.n ?? 0
  );
}
