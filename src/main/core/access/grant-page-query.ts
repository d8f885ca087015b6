import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import {
  type GrantListing,
  type GrantListQuery,
  type GrantPage,
  type GrantSortField,
  type GrantStatus,
  type PolicyDecision,
  requestOfGrant,
} from '../../../shared/domain/access';
import type { Dataset } from '../../../shared/domain/dataset';
import { decideGrant } from '../../../shared/domain/policy';
import { datasetFromRow } from '../catalog/dataset-row';
import { getGoverningCharter } from '../charter/charter-queries';
import type { DB } from '../db/schema';
import { all, first, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';
import {
  type GrantRow,
  grantFromRow,
  listPrincipals,
  policyPrincipal,
  todayOf,
} from './access-queries';
import { outOfBoundsGrants } from './live-grants';

/** The filters and order of a grants listing, without its window. */
type GrantSelection = Pick<
  GrantListQuery,
  'grantId' | 'principalId' | 'datasetId' | 'status' | 'sort' | 'search' | 'untilBy' | 'outOfBounds'
>;

type GrantTables = {
  g: DB['access_grant'];
  p: DB['principal'];
  d: DB['dataset'];
};
type GrantExpressions = ExpressionBuilder<GrantTables, 'g'>;

/**
 * Which grants have a derived status on `today`, as SQL: the same cases, in the same order, as
 * deriveGrantStatus (revoked wins; then reaching until_day expires whatever the step; then an
 * approved grant is active from its start day). Days are YYYY-MM-DD, so they compare as text.
 */
function statusIs(eb: GrantExpressions, status: GrantStatus, today: string) {
  const running = eb.or([eb('g.until_day', 'is', null), eb('g.until_day', '>', today)]);
  switch (status) {
    case 'revoked':
      return eb('g.status', '=', 'revoked');
    case 'expired':
      // A null until_day never compares true, so an open-ended grant never expires.
      return eb.and([eb('g.status', '!=', 'revoked'), eb('g.until_day', '<=', today)]);
    case 'active':
      return eb.and([eb('g.status', '=', 'approved'), eb('g.start_day', '<=', today), running]);
    case 'approved':
      return eb.and([eb('g.status', '=', 'approved'), eb('g.start_day', '>', today), running]);
    case 'requested':
    case 'suspended':
      return eb.and([eb('g.status', '=', status), running]);
    default: {
      const unknown: never = status;
      throw new Error(`Unknown grant status ${String(unknown)}`);
    }
  }
}

/** `%word%` for LIKE, with LIKE's own wildcards taken literally. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The words of a search, as the filter matches them (at most eight). */
function searchWords(search: string | undefined): string[] {
  return (search ?? '')
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, 8);
}

/**
 * Each word must appear in the principal's name or organisation or in the dataset's identifier
 * or title. Principals and datasets are few next to grants, so SQLite runs each subquery once.
 * With `walk`, the unary `+` keeps SQLite from gathering the matches through the principal and
 * dataset indexes and sorting them: it walks the page's order index instead and stops after a
 * page of matches, which is far quicker when many grants match (see listGrantPage).
 */
function searchCondition(search: string, walk: boolean) {
  const plus = sql.raw(walk ? '+' : '');
  return searchWords(search).map((word) => {
    const like = likePattern(word);
    return sql<boolean>`(${plus}g.principal_id IN (SELECT id FROM principal
        WHERE name LIKE ${like} ESCAPE '\\' OR organisation LIKE ${like} ESCAPE '\\')
      OR ${plus}g.dataset_id IN (SELECT id FROM dataset
        WHERE identifier LIKE ${like} ESCAPE '\\' OR title LIKE ${like} ESCAPE '\\'))`;
  });
}

function grantFilters(ws: Workspace, query: GrantSelection, today: string, walk = false) {
  return (eb: GrantExpressions) => {
    const conditions: Expression<SqlBool>[] = [eb('g.owner_node', '=', ws.node.nodeId)];
    if (query.grantId !== undefined) conditions.push(eb('g.id', '=', query.grantId));
    if (query.principalId !== undefined)
      conditions.push(eb('g.principal_id', '=', query.principalId));
    if (query.datasetId !== undefined) conditions.push(eb('g.dataset_id', '=', query.datasetId));
    if (query.untilBy !== undefined) conditions.push(eb('g.until_day', '<=', query.untilBy));
    if (query.search !== undefined && query.search.trim() !== '') {
      conditions.push(...searchCondition(query.search, walk));
    }
    if (query.outOfBounds === true) {
      const { json } = outOfBoundsGrants(ws, today);
      conditions.push(sql<boolean>`g.id IN (SELECT value FROM json_each(${json}))`);
    }
    if (query.status !== undefined) {
      conditions.push(eb.or([...new Set(query.status)].map((s) => statusIs(eb, s, today))));
    }
    return eb.and(conditions);
  };
}

/**
 * Each order with its ties broken down to the grant id, in the columns of the index that serves
 * it (0005_access.sql), so a page is read by walking that index rather than sorting every match.
 */
const sortColumns: Record<GrantSortField, readonly string[]> = {
  untilDay: ['g.until_day', 'g.id'],
  requestedAt: ['g.requested_at', 'g.id'],
  datasetIdentifier: ['d.identifier', 'd.id', 'g.principal_id', 'g.id'],
  principalName: [
    'p.name COLLATE NOCASE',
    'p.organisation COLLATE NOCASE',
    'p.id',
    'g.dataset_id',
    'g.id',
  ],
};

/**
 * The grants a selection matches, in its order. The sorts by principal or dataset walk that
 * table's index and, for each row of it, its grants: SQLite keeps the tables of a CROSS JOIN
 * in the order written, which it would otherwise reorder to scan the grants and sort them all.
 * Inner joins either way: no event removes a principal or a dataset and a grant is only written
 * for existing ones, so the joins drop nothing.
 */
function grantSelectQuery(ws: Workspace, query: GrantSelection, today: string, walk = false) {
  const direction = query.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const joined =
    query.sort.field === 'principalName'
      ? qb.selectFrom('principal as p').crossJoin('access_grant as g').crossJoin('dataset as d')
      : query.sort.field === 'datasetIdentifier'
        ? qb.selectFrom('dataset as d').crossJoin('access_grant as g').crossJoin('principal as p')
        : qb.selectFrom('access_grant as g').crossJoin('principal as p').crossJoin('dataset as d');
  let select = joined
    .selectAll('g')
    .whereRef('p.id', '=', 'g.principal_id')
    .whereRef('d.id', '=', 'g.dataset_id')
    .where(grantFilters(ws, query, today, walk));
  for (const column of sortColumns[query.sort.field]) {
    select = select.orderBy(sql.raw(`${column} ${direction}`));
  }
  return select;
}

/** One page of grants as SQL: exported so a test can check its plan walks an index. */
export function grantPageQuery(ws: Workspace, query: GrantListQuery, today: string, walk = false) {
  return grantSelectQuery(ws, query, today, walk).limit(query.limit).offset(query.offset);
}

/**
 * Above this many matches a searched page walks its order index (see searchCondition): a page
 * of 100 then takes a few thousand index steps, where gathering and sorting the matches grows
 * with their number (1.5 s for all 200,000). Below it, gathering and sorting is the quicker.
 */
const WALK_ABOVE = 2_000;

/**
 * Counts the grants a selection matches, without the joins (they drop nothing, see above). Scrolling asks for page after page of one view, so the
 * count is remembered until the workspace changes (every change appends to the ledger) or the
 * day does.
 */
function countGrantsMatching(ws: Workspace, query: GrantSelection, today: string): number {
  const { grantId, principalId, datasetId, status, search, untilBy, outOfBounds } = query;
  const key = JSON.stringify([
    ws.ledger.size,
    today,
    grantId,
    principalId,
    datasetId,
    status,
    search,
    untilBy,
    outOfBounds,
  ]);
  const cached = countCache.get(ws);
  if (cached?.key === key) return cached.total;
  const words = searchWords(search);
  const onlyOneWord =
    words.length === 1 &&
    [grantId, principalId, datasetId, status, untilBy, outOfBounds].every((f) => f === undefined);
  const total =
    onlyOneWord && words[0] !== undefined && grantTallies(ws).foreign === 0
      ? countOneWord(ws, words[0])
      : (first(
          ws.sqlite,
          qb
            .selectFrom('access_grant as g')
            .select((eb) => eb.fn.countAll<number>().as('total'))
            .where(grantFilters(ws, query, today)),
        )?.total ?? 0);
  countCache.set(ws, { key, total });
  return total;
}

interface GrantTallies {
  ledgerSize: number;
  byPrincipal: Map<string, number>;
  byDataset: Map<string, number>;
  /** Grants of other nodes (replicas), which the tallies would wrongly include. */
  foreign: number;
}

const talliesCache = new WeakMap<Workspace, GrantTallies>();

/**
 * Grants per principal and per dataset (scans of the covering principal and dataset indexes),
 * kept until the next change. They count every owner's grants: the caller only uses them while
 * the workspace holds no other node's.
 */
function grantTallies(ws: Workspace): GrantTallies {
  const cached = talliesCache.get(ws);
  if (cached?.ledgerSize === ws.ledger.size) return cached;
  const tally = (column: 'principal_id' | 'dataset_id') =>
    new Map(
      ws.sqlite
        .prepare(`SELECT ${column}, count(*) FROM access_grant GROUP BY ${column}`)
        .raw()
        .all() as [string, number][],
    );
  const fresh = {
    ledgerSize: ws.ledger.size,
    byPrincipal: tally('principal_id'),
    byDataset: tally('dataset_id'),
    foreign: ws.sqlite
      .prepare('SELECT count(*) FROM access_grant WHERE owner_node != ?')
      .pluck()
      .get(ws.node.nodeId) as number,
  };
  talliesCache.set(ws, fresh);
  return fresh;
}

/**
 * The filter's count for one word, the keystroke case, without counting the matching grants
 * one by one: grants of matching principals plus grants on matching datasets, less those that
 * are both, from per-principal and per-dataset tallies. Only the overlap is counted in SQL,
 * from whichever side has fewer grants, through the index that leads with that side.
 */
function countOneWord(ws: Workspace, word: string): number {
  const like = likePattern(word);
  const ids = (table: 'principal' | 'dataset', columns: string) =>
    ws.sqlite
      .prepare(
        `SELECT id FROM ${table} WHERE ${columns
          .split(',')
          .map((column) => `${column} LIKE ? ESCAPE '\\'`)
          .join(' OR ')}`,
      )
      .pluck()
      .all(like, like) as string[];
  const principals = ids('principal', 'name,organisation');
  const datasets = ids('dataset', 'identifier,title');
  const { byPrincipal, byDataset } = grantTallies(ws);
  const sum = (keys: Iterable<string>, tally: Map<string, number>) => {
    let total = 0;
    for (const id of keys) total += tally.get(id) ?? 0;
    return total;
  };
  const viaPrincipal = sum(principals, byPrincipal);
  const viaDataset = sum(datasets, byDataset);
  if (viaPrincipal === 0 || viaDataset === 0) return viaPrincipal + viaDataset;
  const all = sum(byPrincipal.keys(), byPrincipal);
  const others = (ids: readonly string[], tally: Map<string, number>) => {
    const matched = new Set(ids);
    return [...tally.keys()].filter((id) => !matched.has(id));
  };
  // Either the grants matching both sides (then matches = P + D − both), or those matching
  // neither (then matches = all − neither), counted from the side with the fewest grants to
  // read: a one-letter word matches nearly every principal, and "neither" is then next to
  // nothing.
  const ways = [
    { reads: viaPrincipal, kind: 'both', lead: 'principal', ids: [principals, datasets] },
    { reads: viaDataset, kind: 'both', lead: 'dataset', ids: [datasets, principals] },
    {
      reads: all - viaPrincipal,
      kind: 'neither',
      lead: 'principal',
      ids: [others(principals, byPrincipal), datasets],
    },
    {
      reads: all - viaDataset,
      kind: 'neither',
      lead: 'dataset',
      ids: [others(datasets, byDataset), principals],
    },
  ] as const;
  const way = ways.reduce((best, candidate) => (candidate.reads < best.reads ? candidate : best));
  const [lead, other] =
    way.lead === 'principal' ? ['principal_id', 'dataset_id'] : ['dataset_id', 'principal_id'];
  const counted = ws.sqlite
    .prepare(
      `SELECT count(*) FROM access_grant INDEXED BY access_grant_${way.lead}
       WHERE ${lead} IN (SELECT value FROM json_each(?))
         AND ${other} ${way.kind === 'both' ? 'IN' : 'NOT IN'} (SELECT value FROM json_each(?))`,
    )
    .pluck()
    .get(JSON.stringify(way.ids[0]), JSON.stringify(way.ids[1])) as number;
  return way.kind === 'both' ? viaPrincipal + viaDataset - counted : all - counted;
}

const countCache = new WeakMap<Workspace, { key: string; total: number }>();

/**
 * Turns grant rows into listings with the policy's verdict under the charter that governs now:
 * a charter change that puts a grant out of bounds shows as a deny, with the failing checks.
 * The charter and principals are read once per listing, each dataset once.
 */
function grantLister(ws: Workspace, today: string): (row: GrantRow) => GrantListing {
  const charter = getGoverningCharter(ws)?.content ?? null;
  const principals = new Map(listPrincipals(ws).map((p) => [p.id, p]));
  const datasets = new Map<string, Dataset | null>();
  const datasetOf = (id: string): Dataset | null => {
    if (!datasets.has(id)) {
      const row = first(ws.sqlite, qb.selectFrom('dataset').selectAll().where('id', '=', id));
      datasets.set(id, row ? datasetFromRow(row) : null);
    }
    return datasets.get(id) ?? null;
  };
  return (row) => {
    const grant = grantFromRow(row, today);
    const principal = principals.get(grant.principalId);
    const dataset = datasetOf(grant.datasetId);
    let decision: PolicyDecision;
    if (!principal || !dataset) {
      // Fail closed: a grant whose principal or dataset is gone is out of bounds.
      decision = {
        decision: 'deny',
        reasons: [
          {
            rule: 'term.known',
            outcome: 'fail',
            field: principal ? 'dataset' : 'principal',
            message: principal
              ? `Dataset ${grant.datasetId} is not in this workspace.`
              : `Principal ${grant.principalId} is not in this workspace.`,
          },
        ],
      };
    } else {
      const { request, asOf } = requestOfGrant(grant, today);
      decision = decideGrant({
        request,
        principal: policyPrincipal(principal),
        dataset,
        charter,
        today: asOf,
      });
    }
    return {
      ...grant,
      principalName: principal ? `${principal.name} (${principal.organisation})` : '',
      datasetIdentifier: dataset?.identifier ?? '',
      policy: {
        decision: decision.decision,
        failed: decision.reasons.filter((reason) => reason.outcome === 'fail'),
      },
    };
  };
}

/**
 * One page of this node's grants for the grants table: filtered and sorted in SQL, each row
 * with its status on `today` and the policy's verdict (computed for the page's rows only).
 */
export function listGrantPage(
  ws: Workspace,
  query: GrantListQuery,
  today: string = todayOf(),
): GrantPage {
  const total = countGrantsMatching(ws, query, today);
  const walk = searchWords(query.search).length > 0 && total > WALK_ABOVE;
  const rows = all(ws.sqlite, grantPageQuery(ws, query, today, walk));
  const listed = grantLister(ws, today);
  return {
    rows: rows.map(listed),
    total,
    offset: query.offset,
    today,
  };
}

export interface GrantListAllQuery {
  principalId?: string;
  datasetId?: string;
  /** The derived status to keep. */
  status?: GrantStatus;
  /** The day statuses and verdicts are computed for; the system's UTC day by default. */
  today?: string;
}

/**
 * Every one of this node's grants that match, oldest request first, with status and verdict as
 * in listGrantPage (the CLI's `access list`, the charter-impact check). One query, not pages:
 * paging by offset through 200,000 grants would re-walk the index for every page.
 */
export function listGrants(ws: Workspace, query: GrantListAllQuery = {}): GrantListing[] {
  const today = query.today ?? todayOf();
  const selection: GrantSelection = {
    ...(query.principalId === undefined ? {} : { principalId: query.principalId }),
    ...(query.datasetId === undefined ? {} : { datasetId: query.datasetId }),
    ...(query.status === undefined ? {} : { status: [query.status] }),
    sort: { field: 'requestedAt', direction: 'asc' },
  };
  return all(ws.sqlite, grantSelectQuery(ws, selection, today)).map(grantLister(ws, today));
}
