import { z } from 'zod';
import type { Principal } from '../../../shared/domain/access';
import { storedGrantStatusSchema } from '../../../shared/domain/access';
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

/**
 * Every live grant of this node with its principal and dataset, read in three queries: the
 * charter-change check and the out-of-bounds count judge all of them (200,000 in the large
 * workload), so nothing here builds a full dataset record or a listing per grant.
 */
export function loadLiveGrants(ws: Workspace, today: string): LiveGrants {
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
  const rows = all(
    ws.sqlite,
    qb
      .selectFrom('access_grant')
      .select(['id', 'principal_id', 'dataset_id', 'level', 'purpose', 'start_day', 'until_day'])
      .select('status')
      .where('owner_node', '=', ws.node.nodeId)
      .where('status', '!=', 'revoked')
      .where((eb) => eb.or([eb('until_day', 'is', null), eb('until_day', '>', today)])),
  );
  const grants: LiveGrantInput[] = [];
  const orphans: string[] = [];
  for (const row of rows) {
    const storedStatus = storedGrantStatusSchema.parse(row.status);
    const grant: ImpactGrant = {
      id: row.id,
      principalId: row.principal_id,
      datasetId: row.dataset_id,
      level: row.level,
      purpose: row.purpose,
      start: row.start_day,
      until: row.until_day,
      status: deriveGrantStatus(
        { storedStatus, start: row.start_day, until: row.until_day },
        today,
      ),
    };
    const principal = principals.get(row.principal_id);
    const dataset = datasets.get(row.dataset_id);
    if (principal && dataset) grants.push({ grant, principal, dataset });
    else orphans.push(row.id);
  }
  return { grants, orphans };
}

/** The ids of live grants `charter` denies (the orphans among them: fail closed). */
export function deniedGrantIds(
  live: LiveGrants,
  charter: CharterContent | null,
  today: string,
): string[] {
  const denied = [...live.orphans];
  for (const { grant, principal, dataset } of live.grants) {
    const { request, asOf } = requestOfGrant(grant, today);
    const decision = decideGrant({ request, principal, dataset, charter, today: asOf });
    if (decision.decision === 'deny') denied.push(grant.id);
  }
  return denied;
}

const outOfBoundsFilled = new WeakMap<Workspace, string>();

/**
 * Fills `temp.grant_out_of_bounds` with the live grants the governing charter denies, for the
 * grants table's "out of bounds" filter and the dashboard. The policy runs in JavaScript, so the
 * set is computed once per ledger size and day (every change grows the ledger) and kept in a
 * temporary table SQLite can join while it walks the page's index. Temporary tables live in
 * the connection's own temp database, so this works on a read-only workspace too.
 */
export function prepareOutOfBounds(ws: Workspace, today: string): number {
  const key = `${String(ws.ledger.size)}:${today}`;
  const { sqlite } = ws;
  if (outOfBoundsFilled.get(ws) !== key) {
    const ids = deniedGrantIds(
      loadLiveGrants(ws, today),
      getGoverningCharter(ws)?.content ?? null,
      today,
    );
    sqlite
      .transaction(() => {
        sqlite.exec(
          'CREATE TEMP TABLE IF NOT EXISTS grant_out_of_bounds (id TEXT PRIMARY KEY) WITHOUT ROWID',
        );
        sqlite.exec('DELETE FROM temp.grant_out_of_bounds');
        const insert = sqlite.prepare('INSERT INTO temp.grant_out_of_bounds (id) VALUES (?)');
        for (const id of ids) insert.run(id);
      })
      .deferred();
    outOfBoundsFilled.set(ws, key);
  }
  return (
    sqlite.prepare('SELECT count(*) AS n FROM temp.grant_out_of_bounds').get() as { n: number }
  ).n;
}
