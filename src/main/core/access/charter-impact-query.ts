import {
  charterChangeImpact,
  type CharterVersionImpact,
} from '../../../shared/domain/charter-impact';
import { getCharterVersion, getGoverningCharter } from '../charter/charter-queries';
import type { Workspace } from '../workspace/workspace';
import { todayOf } from './access-queries';
import { loadLiveGrants } from './live-grants';

/**
 * What approving charter version `version` would do to this node's live grants, against the
 * charter that governs now (NOT_FOUND if the version is missing). A grant whose principal or
 * dataset is gone is denied under any charter, so it counts as unchanged.
 */
export function charterImpactOfVersion(
  ws: Workspace,
  version: number,
  today: string = todayOf(),
): CharterVersionImpact {
  const proposed = getCharterVersion(ws, version);
  const governing = getGoverningCharter(ws);
  const { grants, orphans } = loadLiveGrants(ws, today);
  const impact = charterChangeImpact({
    grants,
    current: governing?.content ?? null,
    proposed: proposed.content,
    today,
  });
  return {
    ...impact,
    unchanged: impact.unchanged + orphans.length,
    version: proposed.version,
    governingVersion: governing?.version ?? null,
  };
}
