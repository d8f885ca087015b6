import { z } from 'zod';
import type { Principal } from '../../../shared/domain/access';
import { type StoredGrantStatus, storedGrantStatusSchema } from '../../../shared/domain/access';
import { datasetStatusSchema } from '../../../shared/domain/dataset';
import type { ImpactGrant } from '../../../shared/domain/charter-impact';
import { decideGrant, type PolicyDataset } from '../../../shared/domain/policy';
import type { CharterContent } from '../../../shared/domain/charter';
import { requestOfGrant } from '../../../shared/domain/access';
import { getGoverningCharter } from '../charter/charter-queries';
import { all, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';
import { deriveGrantStatus, listPrincipals, policyPrincipal } from './access-queries';

export interface LiveGrantInput {
  grant: ImpactGrant;
  principal: Principal;
  dataset: PolicyDataset;
}

export interface LiveGrants {
  /** Live grants (neither revoked nor expired on `today`) with what the policy reads of them. */
  grants: LiveGrantInput[];
  /** Live grants whose principal or dataset is not in this workspace: denied under any charter. */
  orphans: string[];
}

const pusherList = z.array(z.string());
const storedStatuses: ReadonlySet<string> = new Set(storedGrantStatusSchema.options);

type LiveGrantRow = [
  id: string,
  principalId: string,
  datasetId: string,
  level: string,
  purpose: string,
  start: string,
  until: string | null,
  status: string,
];

/**
 * Every live grant of this node with its principal and dataset, read in three queries: the
 * charter-change check and the out-of-bounds count judge all of them (200,000 in the large
 * workload), so nothing here builds a full dataset record or a listing per grant.
 */
export function loadLiveGrants(ws: Workspace, today: string, only?: GrantSubset): LiveGrants {
  const principals = new Map(listPrincipals(ws).map((p) => [p.id, policyPrincipal(p)]));
  const datasets = new Map<string, PolicyDataset>();
  for (const row of all(
    ws.sqlite,
    qb.selectFrom('dataset').select(['id', 'title', 'category', 'status', 'pushers']),
  )) {
    datasets.set(row.id, {
      id: row.id,
      title: row.title,
      category: row.category,
      status: datasetStatusSchema.parse(row.status),
      pushers: pusherList.parse(JSON.parse(row.pushers)),
    });
  }
  // Raw rows from a prepared statement: the row objects and the per-row parsing of the query
  // builder's path cost more than the policy itself at 200,000 grants. NOT INDEXED: nearly
  // every grant is live, and reading them through the end-day index costs a random page read
  // each (0.85 s against 0.13 s for the table in order, at 200,000).
  const live = `owner_node = ? AND status != 'revoked' AND (until_day IS NULL OR until_day > ?)`;
  const subset = only
    ? ` AND dataset_id IN (SELECT value FROM json_each(?))
        AND principal_id IN (SELECT value FROM json_each(?))
        ${only.purposes === null ? '' : 'AND purpose IN (SELECT value FROM json_each(?))'}`
    : '';
  const parameters: unknown[] = [ws.node.nodeId, today];
  if (only) {
    parameters.push(JSON.stringify(only.datasetIds), JSON.stringify(only.principalIds));
    if (only.purposes !== null) parameters.push(JSON.stringify(only.purposes));
  }
  const rows = ws.sqlite
    .prepare(
      `SELECT id, principal_id, dataset_id, level, purpose, start_day, until_day, status
         FROM access_grant AS g NOT INDEXED WHERE ${live}${subset}`,
    )
    .raw()
    .all(...parameters) as LiveGrantRow[];
  const grants: LiveGrantInput[] = [];
  const orphans: string[] = [];
  for (const [id, principalId, datasetId, level, purpose, start, until, status] of rows) {
    if (!storedStatuses.has(status)) {
      throw new Error(`Grant ${id} has an unknown stored status "${status}".`);
    }
    const grant: ImpactGrant = {
      id,
      principalId,
      datasetId,
      level,
      purpose,
      start,
      until,
      status: deriveGrantStatus({ storedStatus: status as StoredGrantStatus, start, until }, today),
    };
    const principal = principals.get(principalId);
    const dataset = datasets.get(datasetId);
    if (principal && dataset) grants.push({ grant, principal, dataset });
    else orphans.push(id);
  }
  return { grants, orphans };
}

/** How many of this node's grants are live on `today`, those of missing principals included. */
export function countLiveGrants(ws: Workspace, today: string): number {
  return ws.sqlite
    .prepare(
      `SELECT count(*) FROM access_grant NOT INDEXED
       WHERE owner_node = ? AND status != 'revoked' AND (until_day IS NULL OR until_day > ?)`,
    )
    .pluck()
    .get(ws.node.nodeId, today) as number;
}

/** Some of the grants, by dataset, principal and purpose (null: any purpose). */
export interface GrantSubset {
  datasetIds: readonly string[];
  principalIds: readonly string[];
  purposes: readonly string[] | null;
}

/**
 * The grants a charter change can touch, as a subset to read: those on datasets of a category,
 * by principals of a tier, for a purpose for which `touches` says the change matters. A
 * superset of them, from the small tables only: the caller judges what it reads and the rest
 * keeps its verdict. `touches` is asked once per category, tier and purpose of the charters'
 * vocabularies, and once with `otherPurpose` for purposes neither charter names.
 */
export function touchedSubset(
  ws: Workspace,
  purposeVocabulary: readonly string[],
  touches: (category: string, tier: string | null, purpose: string) => boolean,
): GrantSubset {
  const datasets = ws.sqlite.prepare('SELECT id, category FROM dataset').raw().all() as [
    string,
    string,
  ][];
  const principals = ws.sqlite.prepare('SELECT id, tier FROM principal').raw().all() as [
    string,
    string | null,
  ][];
  const categories = new Set(datasets.map(([, category]) => category));
  const tiers = new Set(principals.map(([, tier]) => tier));
  const touchedCategories = new Set<string>();
  const touchedTiers = new Set<string | null>();
  const purposes = new Set<string>();
  let anyPurpose = false;
  for (const category of categories) {
    for (const tier of tiers) {
      if (touches(category, tier, otherPurpose)) {
        anyPurpose = true;
      }
      const hit = purposeVocabulary.filter((purpose) => touches(category, tier, purpose));
      if (hit.length > 0 || touches(category, tier, otherPurpose)) {
        touchedCategories.add(category);
        touchedTiers.add(tier);
        for (const purpose of hit) purposes.add(purpose);
      }
    }
  }
  return {
    datasetIds: datasets.filter(([, c]) => touchedCategories.has(c)).map(([id]) => id),
    principalIds: principals.filter(([, t]) => touchedTiers.has(t)).map(([id]) => id),
    purposes: anyPurpose ? null : [...purposes],
  };
}

/** A purpose id no charter can define (ids are letters, digits, dashes and colons). */
const otherPurpose = '\u0000other';

/** The ids of live grants `charter` denies (the orphans among them: fail closed). */
export function deniedGrantIds(
  live: LiveGrants,
  charter: CharterContent | null,
  today: string,
): string[] {
  const denied = [...live.orphans];
  for (const { grant, principal, dataset } of live.grants) {
    const { request, asOf } = requestOfGrant(grant, today);
    const decision = decideGrant(
      { request, principal, dataset, charter, today: asOf },
      { messages: false },
    );
    if (decision.decision === 'deny') denied.push(grant.id);
  }
  return denied;
}

interface OutOfBoundsSet {
  key: string;
  ids: readonly string[];
  /** The ids as a JSON array, bound as one parameter for `json_each` in the grants query. */
  json: string;
}

const outOfBoundsCache = new WeakMap<Workspace, OutOfBoundsSet>();

/**
 * The live grants the governing charter denies, for the grants table's "out of bounds"
 * filter and the dashboard. The policy runs in JavaScript, so the set is computed once per
 * ledger size and day (every change grows the ledger) and handed to SQL as one JSON parameter
 * (`json_each`), which works on a read-only workspace too (a temporary table would not).
 */
export function outOfBoundsGrants(ws: Workspace, today: string): OutOfBoundsSet {
  const key = `${String(ws.ledger.size)}:${today}`;
  const cached = outOfBoundsCache.get(ws);
  if (cached?.key === key) return cached;
  const ids = deniedGrantIds(
    loadLiveGrants(ws, today),
    getGoverningCharter(ws)?.content ?? null,
    today,
  );
  const fresh = { key, ids, json: JSON.stringify(ids) };
  outOfBoundsCache.set(ws, fresh);
  return fresh;
}

/** How many live grants the governing charter denies (see outOfBoundsGrants). */
export function countOutOfBounds(ws: Workspace, today: string): number {
  return outOfBoundsGrants(ws, today).ids.length;
}
