import { sql } from 'kysely';
import type {
  AccessMatrix,
  AccessMatrixQuery,
  MatrixCell,
} from '../../../shared/domain/access-matrix';
import { storedGrantStatusSchema } from '../../../shared/domain/access';
import { getGoverningCharter } from '../charter/charter-queries';
import { all, first, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';
import { deriveGrantStatus, listPrincipals, todayOf } from './access-queries';

/** `%word%` for LIKE with LIKE's own wildcards taken literally. */
function likeWords(search: string | undefined): string[] {
  return (search ?? '')
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, 8)
    .map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/**
 * The matrix for `query`: the principals it covers (every principal of the organisation, or
 * every principal when none is chosen), and a window of the datasets those principals hold
 * live grants on (neither revoked nor expired), ordered by identifier.
 */
export function accessMatrix(
  ws: Workspace,
  query: AccessMatrixQuery,
  today: string = todayOf(),
): AccessMatrix {
  const principals = listPrincipals(ws).filter(
    (p) =>
      query.organisation === undefined ||
      p.organisation.toLowerCase() === query.organisation.toLowerCase(),
  );
  const principalIds = principals.map((p) => p.id);
  const words = likeWords(query.search);
  // Live grants of the chosen principals, on datasets matching the category and the words.
  const liveGrants = qb
    .selectFrom('access_grant as g')
    .innerJoin('dataset as d', 'd.id', 'g.dataset_id')
    .where('g.owner_node', '=', ws.node.nodeId)
    .where('g.status', '!=', 'revoked')
    .where((eb) => eb.or([eb('g.until_day', 'is', null), eb('g.until_day', '>', today)]))
    .$if(query.organisation !== undefined, (q) =>
      q.where('g.principal_id', 'in', principalIds.length > 0 ? principalIds : ['']),
    )
    .$if(query.category !== undefined, (q) => q.where('d.category', '=', query.category ?? ''))
    .$call((q) =>
      words.reduce(
        (acc, like) =>
          acc.where(
            sql<boolean>`(d.identifier LIKE ${like} ESCAPE '\\' OR d.title LIKE ${like} ESCAPE '\\')`,
          ),
        q,
      ),
    );
  const datasetTotal =
    first(
      ws.sqlite,
      liveGrants.select((eb) => eb.fn.count<number>('g.dataset_id').distinct().as('n')),
    )?.n ?? 0;
  const datasets = all(
    ws.sqlite,
    liveGrants
      .select(['d.id', 'd.identifier', 'd.title'])
      .distinct()
      .orderBy('d.identifier')
      .orderBy('d.id')
      .limit(query.datasetLimit)
      .offset(query.datasetOffset),
  );
  const datasetIds = datasets.map((d) => d.id);
  const levels =
    getGoverningCharter(ws)?.content.accessLevels.map(({ id, name }) => ({ id, name })) ?? [];
  const rank = (level: string) => levels.findIndex((l) => l.id === level);
  const cells = new Map<string, MatrixCell>();
  if (datasetIds.length > 0) {
    const rows = all(
      ws.sqlite,
      liveGrants
        .where('g.dataset_id', 'in', datasetIds)
        .select([
          'g.id',
          'g.principal_id',
          'g.dataset_id',
          'g.level',
          'g.status',
          'g.start_day',
          'g.until_day',
        ])
        .orderBy('g.id'),
    );
    for (const row of rows) {
      const key = `${row.principal_id}\u0000${row.dataset_id}`;
      const status = deriveGrantStatus(
        {
          storedStatus: storedGrantStatusSchema.parse(row.status),
          start: row.start_day,
          until: row.until_day,
        },
        today,
      );
      const cell: MatrixCell = {
        principalId: row.principal_id,
        datasetId: row.dataset_id,
        grantId: row.id,
        level: row.level,
        status,
        others: 0,
      };
      const held = cells.get(key);
      if (!held) cells.set(key, cell);
      else if (rank(cell.level) > rank(held.level))
        cells.set(key, { ...cell, others: held.others + 1 });
      else held.others += 1;
    }
  }
  const withGrants = new Set([...cells.values()].map((cell) => cell.principalId));
  return {
    // Without an organisation chosen, only the principals with a grant in the window.
    principals: principals
      .filter((p) => query.organisation !== undefined || withGrants.has(p.id))
      .map(({ id, name, organisation, tier }) => ({ id, name, organisation, tier })),
    datasets,
    datasetTotal,
    datasetOffset: query.datasetOffset,
    cells: [...cells.values()],
    levels,
    today,
  };
}
