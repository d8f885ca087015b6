import type { CharterContent } from '../../../shared/domain/charter';
import {
  charterChangeImpact,
  type CharterImpact,
  type CharterVersionImpact,
  untouchedBy,
} from '../../../shared/domain/charter-impact';
import { getCharterVersion, getGoverningCharter } from '../charter/charter-queries';
import type { Workspace } from '../workspace/workspace';
import { todayOf } from './access-queries';
import { countLiveGrants, loadLiveGrants, touchedSubset } from './live-grants';

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
  return {
    ...charterImpactOf(ws, proposed.content, today),
    version: proposed.version,
    governingVersion: governing?.version ?? null,
  };
}

/**
 * What `proposed` would do to this node's live grants against the governing charter. Only the
 * grants whose charter terms it changes are read and judged: the others cannot change verdict
 * (untouchedBy; charterChangeImpact skips them the same way).
 */
export function charterImpactOf(
  ws: Workspace,
  proposed: CharterContent,
  today: string = todayOf(),
): CharterImpact {
  const current = getGoverningCharter(ws)?.content ?? null;
  const untouched = untouchedBy(current, proposed);
  const vocabulary = [...(current?.purposes ?? []), ...proposed.purposes].map((p) => p.id);
  const subset = touchedSubset(
    ws,
    [...new Set(vocabulary)],
    (category, tier, purpose) => !untouched(category, tier, purpose),
  );
  const { grants } = loadLiveGrants(ws, today, subset);
  const impact = charterChangeImpact({ grants, current, proposed, today });
  return {
    ...impact,
    // Grants not read, those of missing principals or datasets included (denied under any
    // charter), keep their verdict.
    unchanged: impact.unchanged + countLiveGrants(ws, today) - grants.length,
  };
}
