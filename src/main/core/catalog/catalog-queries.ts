import { type ExpressionBuilder, sql } from 'kysely';
import type { Dataset, DatasetListQuery, DatasetPage } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/errors';
import { all, first, qb } from '../db/sql';
import type { DB } from '../db/schema';
import type { Workspace } from '../workspace/workspace';
import { datasetFromRow } from './dataset-row';

/** Escapes LIKE wildcards so a search for `50%` finds the literal text. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filters(query: DatasetListQuery) {
  return (eb: ExpressionBuilder<DB, 'dataset'>) => {
    const conditions = [];
    const search = query.search.trim();
    if (search) {
      const pattern = likePattern(search);
      conditions.push(
        eb.or(
          (['identifier', 'title', 'description', 'steward', 'tags', 'formats'] as const).map(
            (column) => sql<boolean>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`,
          ),
        ),
      );
    }
    if (query.status?.length) conditions.push(eb('status', 'in', query.status));
    if (query.sensitivity?.length) conditions.push(eb('sensitivity', 'in', query.sensitivity));
    return eb.and(conditions);
  };
}

const sortExpressions = {
  identifier: sql`identifier`,
  title: sql`title COLLATE NOCASE`,
  steward: sql`steward COLLATE NOCASE`,
  updatedAt: sql`updated_at`,
  // Order by meaning, not alphabet: public < internal < confidential < restricted.
  sensitivity: sql`CASE sensitivity WHEN 'public' THEN 0 WHEN 'internal' THEN 1 WHEN 'confidential' THEN 2 ELSE 3 END`,
  status: sql`CASE status WHEN 'active' THEN 0 WHEN 'deprecated' THEN 1 ELSE 2 END`,
} as const;

export function listDatasets(ws: Workspace, query: DatasetListQuery): DatasetPage {
  const where = filters(query);
  const direction = query.sort.direction === 'asc' ? sql`ASC` : sql`DESC`;
  const rows = all(
    ws.sqlite,
    qb
      .selectFrom('dataset')
      .selectAll()
      .where(where)
      .orderBy(sql`${sortExpressions[query.sort.field]} ${direction}`)
      .orderBy('id')
      .limit(query.limit)
      .offset(query.offset),
  );
  const counted = first(
    ws.sqlite,
    qb
      .selectFrom('dataset')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where(where),
  );
  return { rows: rows.map(datasetFromRow), total: counted?.total ?? 0, offset: query.offset };
}

export function getDataset(ws: Workspace, id: string): Dataset {
  const row = first(ws.sqlite, qb.selectFrom('dataset').selectAll().where('id', '=', id));
  if (!row) throw new AppError('NOT_FOUND', `No dataset with id ${id} in this workspace.`);
  return datasetFromRow(row);
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
