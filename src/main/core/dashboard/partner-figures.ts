import { sql } from 'kysely';
import type { CharterContent } from '../../../shared/domain/charter';
import type { PartnerFigures } from '../../../shared/domain/dashboard';
import { all, first, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';

/**
 * Partner organisations per tier. A tier belongs to a principal (a role), not to the
 * organisation, so an organisation whose roles sit in two tiers counts once in each; names are
 * compared without case, as the principal_name index does.
 */
export function partnerFigures(ws: Workspace, charter: CharterContent | null): PartnerFigures {
  const partnerRoles = qb
    .selectFrom('principal')
    .where('owner_node', '=', ws.node.nodeId)
    .where('kind', '=', 'partner-role');
  const distinctOrganisations = sql<number>`count(DISTINCT organisation COLLATE NOCASE)`;
  const rows = all(
    ws.sqlite,
    partnerRoles.select(['tier', distinctOrganisations.as('n')]).groupBy('tier'),
  );
  const total = first(ws.sqlite, partnerRoles.select(distinctOrganisations.as('n')))?.n ?? 0;
  const counts = new Map(rows.map((row) => [row.tier, row.n]));
  const defined = (charter?.partnerTiers ?? []).map((tier) => ({
    id: tier.id,
    name: tier.name,
    inCharter: true,
    partners: counts.get(tier.id) ?? 0,
  }));
  const known = new Set(defined.map((tier) => tier.id));
  const unknown = [...counts.keys()]
    .filter((id): id is string => id !== null && !known.has(id))
    .sort()
    .map((id) => ({ id, name: id, inCharter: false, partners: counts.get(id) ?? 0 }));
  return { total, tiers: [...defined, ...unknown], noTier: counts.get(null) ?? 0 };
}
