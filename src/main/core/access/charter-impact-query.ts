import {
  charterChangeImpact,
  type CharterVersionImpact,
  type ImpactInput,
} from '../../../shared/domain/charter-impact';
import type { Dataset } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/errors';
import { getDataset } from '../catalog/catalog-queries';
import { getCharterVersion, getGoverningCharter } from '../charter/charter-queries';
import type { Workspace } from '../workspace/workspace';
import { listGrants, listPrincipals, policyPrincipal, todayOf } from './access-queries';

/**
 * What approving charter version `version` would do to this node's live grants, against the
 * charter that governs now (NOT_FOUND if the version is missing). A grant whose principal or
 * dataset is gone is denied under any charter, so it counts as unchanged.
 * TODO(issue 5, bench): at 200,000 grants read the rows without listGrants' own verdicts.
 */
export function charterImpactOfVersion(
  ws: Workspace,
  version: number,
  today: string = todayOf(),
): CharterVersionImpact {
  const proposed = getCharterVersion(ws, version);
  const governing = getGoverningCharter(ws);
  const principals = new Map(listPrincipals(ws).map((p) => [p.id, policyPrincipal(p)]));
  const datasets = new Map<string, Dataset | null>();
  const datasetOf = (id: string): Dataset | null => {
    if (!datasets.has(id)) {
      try {
        datasets.set(id, getDataset(ws, id));
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
        datasets.set(id, null);
      }
    }
    return datasets.get(id) ?? null;
  };

  const grants: ImpactInput['grants'][number][] = [];
  let orphans = 0;
  for (const grant of listGrants(ws, { today })) {
    if (grant.status === 'revoked' || grant.status === 'expired') continue;
    const principal = principals.get(grant.principalId);
    const dataset = datasetOf(grant.datasetId);
    if (principal && dataset) grants.push({ grant, principal, dataset });
    else orphans += 1;
  }
  const impact = charterChangeImpact({
    grants,
    current: governing?.content ?? null,
    proposed: proposed.content,
    today,
  });
  return {
    ...impact,
    unchanged: impact.unchanged + orphans,
    version: proposed.version,
    governingVersion: governing?.version ?? null,
  };
}
