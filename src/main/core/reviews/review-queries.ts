import { type RawBuilder, type Selectable, sql } from 'kysely';
import { z } from 'zod';
import {
  type CampaignList,
  type CampaignStatus,
  campaignStatusSchema,
  type CampaignSummary,
  reviewDecisionSchema,
  type ReviewItem,
  type ReviewItemDetail,
  type ReviewItemPage,
  type ReviewItemQuery,
  type ReviewItemQueryInput,
  reviewItemQuerySchema,
  type ReviewProgress,
  type ReviewScope,
  reviewScopeSchema,
} from '../../../shared/domain/review';
import { AppError } from '../../../shared/errors';
import { findGrant, todayOf } from '../access/access-queries';
import { getGoverningCharter } from '../charter/charter-queries';
import type { DB } from '../db/schema';
import { all, first, qb } from '../db/sql';
import { parseOrRefuse } from '../errors/parse-or-refuse';
import type { Workspace } from '../workspace/workspace';

type CampaignRow = Selectable<DB['review_campaign']>;

const nameList = z.array(z.string());

/** A campaign as stored, without its progress: what the commands check against. */
export interface CampaignRecord {
  id: string;
  ownerNode: string;
  name: string;
  scope: ReviewScope;
  asOfDay: string;
  dueDay: string;
  reviewers: string[];
  status: CampaignStatus;
  created: { by: string; at: string };
  closed: { by: string; at: string } | null;
  version: number;
}

function campaignFromRow(row: CampaignRow): CampaignRecord {
  return {
    id: row.id,
    ownerNode: row.owner_node,
    name: row.name,
    scope: reviewScopeSchema.parse(
      row.scope_value === null
        ? { kind: row.scope_kind }
        : { kind: row.scope_kind, value: row.scope_value },
    ),
    asOfDay: row.as_of_day,
    dueDay: row.due_day,
    reviewers: nameList.parse(JSON.parse(row.reviewers)),
    status: campaignStatusSchema.parse(row.status),
    created: { by: row.created_by, at: row.created_at },
    closed:
      row.closed_by !== null && row.closed_at !== null
        ? { by: row.closed_by, at: row.closed_at }
        : null,
    version: row.version,
  };
}

export function findCampaign(ws: Workspace, id: string): CampaignRecord | undefined {
  const row = first(ws.sqlite, qb.selectFrom('review_campaign').selectAll().where('id', '=', id));
  return row ? campaignFromRow(row) : undefined;
}

export function getCampaignRecord(ws: Workspace, id: string): CampaignRecord {
  const found = findCampaign(ws, id);
  if (!found)
    throw new AppError('NOT_FOUND', `No review campaign with id ${id} in this workspace.`);
  return found;
}

/**
 * Counts a campaign's items by decision: one pass over the (campaign_id, decision) index, so
 * a 200,000-item campaign costs an index scan, not a table read. Overdue items are the
 * undecided ones once the due day has passed.
 */
export function campaignProgress(
  ws: Workspace,
  campaign: Pick<CampaignRecord, 'id' | 'dueDay'>,
  today: string,
): ReviewProgress {
  const counts = all(
    ws.sqlite,
    qb
      .selectFrom('review_item')
      .select((eb) => ['decision', eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', campaign.id)
      .groupBy('decision'),
  );
  const byDecision = { keep: 0, revoke: 0, narrow: 0 };
  let undecided = 0;
  for (const { decision, n } of counts) {
    if (decision === null) undecided = n;
    else byDecision[reviewDecisionSchema.parse(decision)] = n;
  }
  const decided = byDecision.keep + byDecision.revoke + byDecision.narrow;
  return {
    total: decided + undecided,
    decided,
    undecided,
    byDecision,
    overdue: today > campaign.dueDay ? undecided : 0,
  };
}

/** "All grants", the organisation, or the category's name in the governing charter. */
function scopeLabel(ws: Workspace, scope: ReviewScope): string {
  switch (scope.kind) {
    case 'all':
      return 'All grants';
    case 'partner':
      return scope.value;
    case 'category': {
      const category = getGoverningCharter(ws)?.content.categories.find(
        (candidate) => candidate.id === scope.value,
      );
      return category ? `${category.name} data` : `Category ${scope.value}`;
    }
  }
}

function summarise(ws: Workspace, campaign: CampaignRecord, today: string): CampaignSummary {
  return {
    ...campaign,
    scopeLabel: scopeLabel(ws, campaign.scope),
    progress: campaignProgress(ws, campaign, today),
  };
}

export function getCampaign(ws: Workspace, id: string, today: string = todayOf()): CampaignSummary {
  return summarise(ws, getCampaignRecord(ws, id), today);
}

/** Every campaign with its progress: open ones first, soonest due first. */
export function listCampaigns(ws: Workspace, today: string = todayOf()): CampaignList {
  const rows = all(
    ws.sqlite,
    qb
      .selectFrom('review_campaign')
      .selectAll()
      .orderBy('status', 'desc')
      .orderBy('due_day')
      .orderBy('created_at')
      .orderBy('id'),
  );
  return { today, campaigns: rows.map((row) => summarise(ws, campaignFromRow(row), today)) };
}

/**
 * The dashboard's figures for review progress (another feature imports this by name): each
 * campaign's size, how many items are decided, and how many are overdue on `today`.
 */
export function reviewProgressSummary(
  ws: Workspace,
  today: string,
): {
  campaigns: {
    id: string;
    name: string;
    dueDay: string;
    status: 'open' | 'closed';
    total: number;
    decided: number;
    overdue: number;
  }[];
} {
  return {
    campaigns: listCampaigns(ws, today).campaigns.map((campaign) => ({
      id: campaign.id,
      name: campaign.name,
      dueDay: campaign.dueDay,
      status: campaign.status,
      total: campaign.progress.total,
      decided: campaign.progress.decided,
      overdue: campaign.progress.overdue,
    })),
  };
}

/** `%word%` for LIKE, with LIKE's own wildcards taken literally. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchWords(search: string | undefined): string[] {
  return (search ?? '')
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, 8);
}

/** The campaign and decision-state conditions: on review_item (as `i`) alone. */
function stateConditions(query: Omit<ReviewItemQuery, 'offset' | 'limit'>): RawBuilder<boolean>[] {
  const conditions = [sql<boolean>`i.campaign_id = ${query.campaignId}`];
  if (query.decision !== undefined) conditions.push(sql<boolean>`i.decision = ${query.decision}`);
  else if (query.state === 'undecided') conditions.push(sql<boolean>`i.decision IS NULL`);
  else if (query.state === 'decided') conditions.push(sql<boolean>`i.decision IS NOT NULL`);
  return conditions;
}

/**
 * Each word must appear in the principal's name or organisation, the dataset's identifier or
 * title, or the grant id. Principals and datasets are few next to items, so SQLite runs each
 * subquery once and checks membership while it walks the campaign's items.
 */
function wordConditions(words: readonly string[]): RawBuilder<boolean>[] {
  return words.map((word) => {
    const like = likePattern(word);
    return sql<boolean>`(i.principal_id IN (SELECT id FROM principal
        WHERE name LIKE ${like} ESCAPE '\\' OR organisation LIKE ${like} ESCAPE '\\')
      OR i.dataset_id IN (SELECT id FROM dataset
        WHERE identifier LIKE ${like} ESCAPE '\\' OR title LIKE ${like} ESCAPE '\\')
      OR i.grant_id LIKE ${like} ESCAPE '\\')`;
  });
}

/** Every condition of the query, on review_item (as `i`) alone. */
function itemConditions(query: Omit<ReviewItemQuery, 'offset' | 'limit'>): RawBuilder<boolean>[] {
  return [...stateConditions(query), ...wordConditions(searchWords(query.search))];
}

const itemNames = [
  'p.name as principal_name',
  'p.organisation as organisation',
  'd.identifier as dataset_identifier',
  'd.title as dataset_title',
] as const;

/** Items with the names they are read by. */
function selectItems() {
  return qb
    .selectFrom('review_item as i')
    .leftJoin('principal as p', 'p.id', 'i.principal_id')
    .leftJoin('dataset as d', 'd.id', 'i.dataset_id')
    .selectAll('i')
    .select(itemNames);
}

type ItemRow = Selectable<DB['review_item']> & {
  principal_name: string | null;
  organisation: string | null;
  dataset_identifier: string | null;
  dataset_title: string | null;
};

function itemFromRow(row: ItemRow): ReviewItem {
  return {
    campaignId: row.campaign_id,
    position: row.position,
    grantId: row.grant_id,
    principalId: row.principal_id,
    principalName: row.principal_name,
    organisation: row.organisation,
    datasetId: row.dataset_id,
    datasetIdentifier: row.dataset_identifier,
    datasetTitle: row.dataset_title,
    level: row.level,
    purpose: row.purpose,
    until: row.until_day,
    decision: row.decision === null ? null : reviewDecisionSchema.parse(row.decision),
    justification: row.justification,
    narrowed:
      row.narrowed_level !== null ? { level: row.narrowed_level, until: row.narrowed_until } : null,
    decided:
      row.decided_by !== null && row.decided_at !== null
        ? { by: row.decided_by, at: row.decided_at }
        : null,
  };
}

/**
 * One page of a campaign's items as SQL (exported so a test can check its plan). The page's
 * rows are picked from review_item alone and only they are joined to their names: deep into a
 * 200,000-item campaign, SQLite would otherwise join every row the offset skips.
 */
export function itemPageQuery(query: ReviewItemQuery) {
  return qb
    .selectFrom((eb) =>
      eb
        .selectFrom('review_item as i')
        .selectAll('i')
        .where((inner) => inner.and(itemConditions(query)))
        .orderBy('i.position')
        .limit(query.limit)
        .offset(query.offset)
        .as('i'),
    )
    .leftJoin('principal as p', 'p.id', 'i.principal_id')
    .leftJoin('dataset as d', 'd.id', 'i.dataset_id')
    .selectAll('i')
    .select(itemNames)
    .orderBy('i.position');
}

/** How many items match, counted on review_item alone. */
function countItems(ws: Workspace, query: ReviewItemQuery): number {
  return (
    first(
      ws.sqlite,
      qb
        .selectFrom('review_item as i')
        .where((eb) => eb.and(itemConditions(query)))
        .select((eb) => eb.fn.countAll<number>().as('total')),
    )?.total ?? 0
  );
}

/**
 * One page of a campaign's items in listing order, filtered by decision state, one decision
 * and words, with how many match: a 200,000-item campaign is read a page at a time.
 */
export function listCampaignItems(ws: Workspace, input: ReviewItemQueryInput): ReviewItemPage {
  const query = parseOrRefuse(reviewItemQuerySchema, input, 'The item query is not valid');
  getCampaignRecord(ws, query.campaignId);
  const rows = all(ws.sqlite, itemPageQuery(query)).map(itemFromRow);
  return { rows, total: countItems(ws, query), offset: query.offset };
}

export function findCampaignItem(
  ws: Workspace,
  campaignId: string,
  grantId: string,
): ReviewItem | undefined {
  const row = first(
    ws.sqlite,
    selectItems().where('i.campaign_id', '=', campaignId).where('i.grant_id', '=', grantId),
  );
  return row ? itemFromRow(row) : undefined;
}

export function getCampaignItem(ws: Workspace, campaignId: string, grantId: string): ReviewItem {
  const item = findCampaignItem(ws, campaignId, grantId);
  if (item) return item;
  const campaign = getCampaignRecord(ws, campaignId);
  throw new AppError('NOT_FOUND', `Grant ${grantId} is not under review in "${campaign.name}".`);
}

/** An item with its campaign and the grant as it is now. */
export function getCampaignItemDetail(
  ws: Workspace,
  campaignId: string,
  grantId: string,
  today: string = todayOf(),
): ReviewItemDetail {
  const item = getCampaignItem(ws, campaignId, grantId);
  return {
    item,
    campaign: getCampaign(ws, campaignId, today),
    grant: findGrant(ws, grantId, today) ?? null,
  };
}

/** Items read per query by the evidence export: enough to amortise a query, few in memory. */
const EVIDENCE_PAGE = 1000;

/** Every item of a campaign in listing order, a page at a time (keyset on the key). */
export function* campaignItemPages(ws: Workspace, campaignId: string): Generator<ReviewItem[]> {
  let after = 0;
  for (;;) {
    const rows = all(
      ws.sqlite,
      selectItems()
        .where('i.campaign_id', '=', campaignId)
        .where('i.position', '>', after)
        .orderBy('i.position')
        .limit(EVIDENCE_PAGE),
    );
    const last = rows.at(-1);
    if (!last) return;
    yield rows.map(itemFromRow);
    after = last.position;
  }
}

/** How many of a campaign's items have no decision yet. */
export function countUndecided(ws: Workspace, campaignId: string): number {
  return (
    first(
      ws.sqlite,
      qb
        .selectFrom('review_item')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('campaign_id', '=', campaignId)
        .where('decision', 'is', null),
    )?.n ?? 0
  );
}

/** A campaign named by id or, failing that, by its name when only one has it (the CLI). */
export function resolveCampaign(ws: Workspace, ref: string): CampaignRecord {
  const byId = findCampaign(ws, ref);
  if (byId) return byId;
  const named = all(
    ws.sqlite,
    qb
      .selectFrom('review_campaign')
      .selectAll()
      .where(sql<boolean>`name = ${ref.trim()} COLLATE NOCASE`),
  ).map(campaignFromRow);
  if (named.length === 1 && named[0]) return named[0];
  throw new AppError(
    'NOT_FOUND',
    named.length > 1
      ? `Several campaigns are named "${ref}" (${named.map((c) => c.id).join(', ')}); name one by its id.`
      : `No review campaign has the id or name "${ref}".`,
  );
}
