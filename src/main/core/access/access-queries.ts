import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import { z } from 'zod';
import {
  type GrantListing,
  type GrantListQuery,
  type GrantPage,
  type GrantRecord,
  grantRequestSchema,
  type GrantRequest,
  type GrantSortField,
  type GrantStamp,
  type GrantStatus,
  type PolicyDecision,
  type Principal,
  principalKindSchema,
  type PrincipalRecord,
  type StoredGrantStatus,
  storedGrantStatusSchema,
  requestOfGrant,
} from '../../../shared/domain/access';
import { legalBasisSchema } from '../../../shared/domain/charter';
import type { Dataset } from '../../../shared/domain/dataset';
import { decideGrant } from '../../../shared/domain/policy';
import { AppError } from '../../../shared/errors';
import { parseOrRefuse } from '../errors/parse-or-refuse';
import { findDatasetByIdentifier, getDataset } from '../catalog/catalog-queries';
import { datasetFromRow } from '../catalog/dataset-row';
import { getGoverningCharter } from '../charter/charter-queries';
import type { DB } from '../db/schema';
import { all, first, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';

/** Today as the command layer and the queries see it: the UTC calendar day. */
export function todayOf(timestamp: string = new Date().toISOString()): string {
  return timestamp.slice(0, 10);
}

/**
 * The status a grant has on `today`. Days are YYYY-MM-DD, so they compare as strings. A grant
 * that reaches its end day expires whatever step it was at (a request nobody approved in time
 * runs out too); a revoked one stays revoked. An approved grant is active from its start day.
 */
export function deriveGrantStatus(
  grant: { storedStatus: StoredGrantStatus; start: string; until: string | null },
  today: string,
): GrantStatus {
  if (grant.storedStatus === 'revoked') return 'revoked';
  if (grant.until !== null && today >= grant.until) return 'expired';
  if (grant.storedStatus === 'approved') return today >= grant.start ? 'active' : 'approved';
  return grant.storedStatus;
}

const legalBasisList = z.array(legalBasisSchema);

type PrincipalRow = Selectable<DB['principal']>;
type GrantRow = Selectable<DB['access_grant']>;

function principalFromRow(row: PrincipalRow): PrincipalRecord {
  return {
    id: row.id,
    ownerNode: row.owner_node,
    kind: principalKindSchema.parse(row.kind),
    name: row.name,
    organisation: row.organisation,
    tier: row.tier,
    legalBases: legalBasisList.parse(JSON.parse(row.legal_bases)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function stampOf(by: string | null, at: string | null): GrantStamp | null {
  return by !== null && at !== null ? { by, at } : null;
}

function grantFromRow(row: GrantRow, today: string): GrantRecord {
  const storedStatus = storedGrantStatusSchema.parse(row.status);
  const revoked = stampOf(row.revoked_by, row.revoked_at);
  return {
    id: row.id,
    ownerNode: row.owner_node,
    principalId: row.principal_id,
    datasetId: row.dataset_id,
    level: row.level,
    purpose: row.purpose,
    start: row.start_day,
    until: row.until_day,
    justification: row.justification,
    storedStatus,
    status: deriveGrantStatus({ storedStatus, start: row.start_day, until: row.until_day }, today),
    requested: { by: row.requested_by, at: row.requested_at },
    approved: stampOf(row.approved_by, row.approved_at),
    revoked: revoked && { ...revoked, reason: row.revoke_reason ?? '' },
    version: row.version,
  };
}

/** The principal as the policy engine reads it. */
export function policyPrincipal(record: PrincipalRecord): Principal {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    organisation: record.organisation,
    tier: record.tier,
    legalBases: record.legalBases,
  };
}

/** This node's principals, by organisation then name. */
export function listPrincipals(ws: Workspace): PrincipalRecord[] {
  return all(
    ws.sqlite,
    qb
      .selectFrom('principal')
      .selectAll()
      .where('owner_node', '=', ws.node.nodeId)
      .orderBy('organisation')
      .orderBy('name')
      .orderBy('id'),
  ).map(principalFromRow);
}

export function findPrincipal(ws: Workspace, id: string): PrincipalRecord | undefined {
  const row = first(ws.sqlite, qb.selectFrom('principal').selectAll().where('id', '=', id));
  return row ? principalFromRow(row) : undefined;
}

export function getPrincipal(ws: Workspace, id: string): PrincipalRecord {
  const found = findPrincipal(ws, id);
  if (!found) throw new AppError('NOT_FOUND', `No principal with id ${id} in this workspace.`);
  return found;
}

/** A principal named by id or, failing that, by its name when only one has it (the CLI). */
export function resolvePrincipal(ws: Workspace, ref: string): PrincipalRecord {
  const byId = findPrincipal(ws, ref);
  if (byId) return byId;
  const named = listPrincipals(ws).filter(
    (principal) => principal.name.toLowerCase() === ref.trim().toLowerCase(),
  );
  if (named.length === 1 && named[0]) return named[0];
  throw new AppError(
    'NOT_FOUND',
    named.length > 1
      ? `Several principals are named "${ref}" (${named.map((p) => `${p.organisation}: ${p.id}`).join(', ')}); name one by its id.`
      : `No principal has the id or name "${ref}".`,
  );
}

/** A dataset named by id or by this node's identifier for it. */
export function resolveDataset(ws: Workspace, ref: string): Dataset {
  const byIdentifier = findDatasetByIdentifier(ws, ws.node.nodeId, ref);
  if (byIdentifier) return byIdentifier;
  try {
    return getDataset(ws, ref);
  } catch {
    throw new AppError('NOT_FOUND', `No dataset has the id or identifier "${ref}".`);
  }
}

export function findGrant(
  ws: Workspace,
  id: string,
  today: string = todayOf(),
): GrantRecord | undefined {
  const row = first(ws.sqlite, qb.selectFrom('access_grant').selectAll().where('id', '=', id));
  return row ? grantFromRow(row, today) : undefined;
}

export function getGrant(ws: Workspace, id: string, today: string = todayOf()): GrantRecord {
  const found = findGrant(ws, id, today);
  if (!found) throw new AppError('NOT_FOUND', `No grant with id ${id} in this workspace.`);
  return found;
}

/**
 * Decides a request against the governing charter and the current records. Every caller —
 * explain, a new request, an approval, a listing — comes through here, so they agree.
 */
export function decideRequest(
  ws: Workspace,
  request: GrantRequest,
  principal: PrincipalRecord,
  dataset: Dataset,
  today: string,
): PolicyDecision {
  return decideGrant({
    request,
    principal: policyPrincipal(principal),
    dataset,
    charter: getGoverningCharter(ws)?.content ?? null,
    today,
  });
}

/** The filters and order of a grants listing, without its window. */
type GrantSelection = Pick<GrantListQuery, 'principalId' | 'datasetId' | 'status' | 'sort'>;

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

function grantFilters(ws: Workspace, query: GrantSelection, today: string) {
  return (eb: GrantExpressions) => {
    const conditions = [eb('g.owner_node', '=', ws.node.nodeId)];
    if (query.principalId !== undefined)
      conditions.push(eb('g.principal_id', '=', query.principalId));
    if (query.datasetId !== undefined) conditions.push(eb('g.dataset_id', '=', query.datasetId));
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
function grantSelectQuery(ws: Workspace, query: GrantSelection, today: string) {
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
    .where(grantFilters(ws, query, today));
  for (const column of sortColumns[query.sort.field]) {
    select = select.orderBy(sql.raw(`${column} ${direction}`));
  }
  return select;
}

/** One page of grants as SQL: exported so a test can check its plan walks an index. */
export function grantPageQuery(ws: Workspace, query: GrantListQuery, today: string) {
  return grantSelectQuery(ws, query, today).limit(query.limit).offset(query.offset);
}

/**
 * Counts the grants a selection matches, without the joins (they drop nothing, see above). Scrolling asks for page after page of one view, so the
 * count is remembered until the workspace changes (every change appends to the ledger) or the
 * day does.
 */
function countGrantsMatching(ws: Workspace, query: GrantSelection, today: string): number {
  const { principalId, datasetId, status } = query;
  const key = JSON.stringify([ws.ledger.size, today, principalId, datasetId, status]);
  const cached = countCache.get(ws);
  if (cached?.key === key) return cached.total;
  const total =
    first(
      ws.sqlite,
      qb
        .selectFrom('access_grant as g')
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .where(grantFilters(ws, query, today)),
    )?.total ?? 0;
  countCache.set(ws, { key, total });
  return total;
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
  const rows = all(ws.sqlite, grantPageQuery(ws, query, today));
  const listed = grantLister(ws, today);
  return {
    rows: rows.map(listed),
    total: countGrantsMatching(ws, query, today),
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

/** What explain takes: a request whose principal and dataset may be named loosely. */
export type ExplainInput = Omit<z.input<typeof grantRequestSchema>, 'justification' | 'start'> & {
  start?: string;
  justification?: string;
};

/**
 * The policy's decision on a request that is not written: the grant form's live verdict and
 * the CLI's `access explain`. Principal and dataset may be named by id (or name, identifier);
 * the start defaults to today. Malformed input is INVALID_INPUT, an unknown principal or
 * dataset NOT_FOUND; anything the charter does not know is a deny with its reason.
 */
export function explainGrant(
  ws: Workspace,
  input: ExplainInput,
  today: string = todayOf(),
): PolicyDecision {
  const principal = resolvePrincipal(ws, input.principalId);
  const dataset = resolveDataset(ws, input.datasetId);
  const request = parseGrantRequest({
    ...input,
    principalId: principal.id,
    datasetId: dataset.id,
    start: input.start ?? today,
    // The policy does not read the justification; a request to explain needs none.
    justification: input.justification ?? 'Explain only',
  });
  return decideRequest(ws, request, principal, dataset, today);
}

/** Parses a grant request; INVALID_INPUT names each bad field. */
export function parseGrantRequest(value: unknown): GrantRequest {
  return parseOrRefuse(grantRequestSchema, value, 'The grant request is not valid');
}
