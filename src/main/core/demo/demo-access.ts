import type {
  GrantRequest,
  PrincipalFieldsInput,
  PrincipalRecord,
} from '../../../shared/domain/access';
import type { CharterContent, LegalBasis } from '../../../shared/domain/charter';
import type { Dataset } from '../../../shared/domain/dataset';
import { isoDurationDays } from '../../../shared/domain/governance-terms';
import { decideGrant } from '../../../shared/domain/policy';
import { addPrincipal, approveGrants, requestGrants } from '../access/access-commands';
import { revokeGrant, suspendGrant } from '../access/grant-steps';
import type { Workspace } from '../workspace/workspace';
import type { DemoSize } from './demo-ecosystem';

interface DemoPartner {
  organisation: string;
  tier: string;
  roles: string[];
  legalBases: LegalBasis[];
  kind?: 'internal-role';
}

/** The charter's parties and the partnership's own analysts. */
const demoPartners: DemoPartner[] = [
  {
    organisation: 'Metro Transit Authority',
    tier: 'strategic',
    roles: ['Network planners', 'Integration service'],
    legalBases: ['contract', 'public-task'],
  },
  {
    organisation: 'City of Riverton',
    tier: 'standard',
    roles: ['Open-data team', 'Traffic engineers'],
    legalBases: ['public-task'],
  },
  {
    organisation: 'Cyclo Bike Share',
    tier: 'pilot',
    roles: ['Analysts'],
    legalBases: ['contract'],
  },
  {
    organisation: 'Riverton University',
    tier: 'standard',
    roles: ['Mobility researchers'],
    legalBases: ['public-task', 'contract'],
  },
  {
    organisation: 'Metro Mobility Partnership',
    tier: 'strategic',
    roles: ['Partnership analysts'],
    legalBases: ['contract', 'legitimate-interests'],
    kind: 'internal-role',
  },
];

const sectors = ['Logistics', 'Transit', 'Parking', 'Energy', 'Research', 'Mapping', 'Fleet'];
const tiers = ['pilot', 'standard', 'strategic'];

/** `demo --size large`: 50 more partner organisations, three roles each. */
function generatedPartners(count: number): DemoPartner[] {
  return Array.from({ length: count }, (_, index) => ({
    organisation: `${sectors[index % sectors.length] ?? 'Data'} Partner ${String(index + 1).padStart(2, '0')}`,
    tier: tiers[index % tiers.length] ?? 'standard',
    roles: ['Analysts', 'Integration service', 'Auditors'],
    legalBases: ['contract'],
  }));
}

/** A small deterministic generator, so every demo workspace holds the same grants. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The widest request the charter allows for this principal and dataset (read, else
 * aggregate), for the category's first purpose that passes, lasting up to half a year:
 * generated with the policy engine itself, so every demo grant is one a steward could make.
 */
function allowedRequest(
  charter: CharterContent,
  principal: PrincipalRecord,
  dataset: Dataset,
  today: string,
  days: number,
): GrantRequest | null {
  const category = charter.categories.find((candidate) => candidate.id === dataset.category);
  if (!category) return null;
  const longest = Math.max(1, isoDurationDays(category.maxGrantDuration) - 1);
  for (const level of ['read', 'aggregate']) {
    for (const purpose of category.permittedPurposes) {
      const request: GrantRequest = {
        principalId: principal.id,
        datasetId: dataset.id,
        level,
        purpose,
        start: today,
        until: addDays(today, Math.min(days, longest)),
        justification: `${principal.organisation} needs ${dataset.title} for ${purpose.replace('dpv:', '')}.`,
      };
      const decision = decideGrant({ request, principal, dataset, charter, today });
      if (decision.decision === 'allow') return request;
    }
  }
  return null;
}

export interface DemoAccessPlan {
  charter: CharterContent;
  datasets: readonly Dataset[];
  size: DemoSize;
  /** Member ids: the steward who requests, and a second steward who approves (dual control). */
  requester: string;
  approver: string;
}

/** How many grants each size aims for. */
const grantTargets: Record<DemoSize, number> = { standard: 160, large: 200_000 };
const BATCH = 2000;

/**
 * Principals and grants through the command path: requested by one steward, approved by
 * another; a few left requested, suspended, revoked, or close to their end day.
 */
export function createDemoAccess(ws: Workspace, plan: DemoAccessPlan): void {
  const today = new Date().toISOString().slice(0, 10);
  ws.actAs(plan.requester);
  const partners = [...demoPartners, ...(plan.size === 'large' ? generatedPartners(50) : [])];
  const principals: PrincipalRecord[] = [];
  for (const partner of partners) {
    for (const role of partner.roles) {
      const fields: PrincipalFieldsInput = {
        kind: partner.kind ?? 'partner-role',
        name: role,
        organisation: partner.organisation,
        tier: partner.tier,
        legalBases: partner.legalBases,
      };
      principals.push(addPrincipal(ws, fields));
    }
  }

  const random = seededRandom(20_261_123);
  const target = grantTargets[plan.size];
  const perPrincipal = Math.ceil(target / principals.length);
  const requests: GrantRequest[] = [];
  for (const principal of principals) {
    const start = Math.floor(random() * plan.datasets.length);
    let made = 0;
    for (let step = 0; step < plan.datasets.length && made < perPrincipal; step += 1) {
      if (requests.length >= target) break;
      const dataset = plan.datasets[(start + step) % plan.datasets.length];
      if (!dataset || random() < 0.3) continue;
      // One grant in twenty ends within the month: the dashboard's "expiring soon".
      const days =
        random() < 0.05 ? 7 + Math.floor(random() * 21) : 60 + Math.floor(random() * 240);
      const request = allowedRequest(plan.charter, principal, dataset, today, days);
      if (request) {
        requests.push(request);
        made += 1;
      }
    }
  }

  const ids: string[] = [];
  for (let at = 0; at < requests.length; at += BATCH) {
    ids.push(...requestGrants(ws, requests.slice(at, at + BATCH)));
  }
  // Every twelfth request waits for approval.
  const approved = ids.filter((_, index) => index % 12 !== 5);
  ws.actAs(plan.approver);
  for (let at = 0; at < approved.length; at += BATCH) {
    approveGrants(ws, approved.slice(at, at + BATCH));
  }
  const suspendedCount = Math.min(3, approved.length);
  for (const id of approved.slice(0, suspendedCount)) {
    suspendGrant(ws, { id, reason: 'Credentials shared outside the team; under investigation.' });
  }
  for (const id of approved.slice(suspendedCount, suspendedCount + 4)) {
    revokeGrant(ws, { id, reason: 'The project this access served has ended.' });
  }
}
