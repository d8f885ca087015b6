import { listGrants } from '../access/grant-page-query';
import {
  actOnIncidentGrants,
  escalateIncident,
  recordIncident,
  resolveIncident,
} from '../incidents/incident-commands';
import { decideItem, openCampaign } from '../reviews/review-commands';
import { listCampaignItems } from '../reviews/review-queries';
import type { Workspace } from '../workspace/workspace';

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface DemoOversightPlan {
  /** Member ids. */
  lead: string;
  steward: string;
  /** Names of the campaign's reviewers. */
  reviewers: string[];
  /** How many of the campaign's items are left for the reviewers (the e2e finishes them). */
  leftUndecided: number;
}

/**
 * What a governance lead finds on opening the demo: a quarterly access review of one partner
 * well under way (all but a few grants decided), and incidents in each state, one of which
 * suspended a grant.
 */
export function createDemoOversight(ws: Workspace, plan: DemoOversightPlan): void {
  const today = new Date().toISOString().slice(0, 10);
  ws.actAs(plan.lead);
  const campaign = openCampaign(ws, {
    name: 'Quarterly access review — Riverton University',
    scope: { kind: 'partner', value: 'Riverton University' },
    dueDay: addDays(today, 14),
    reviewers: plan.reviewers,
  });
  ws.actAs(plan.steward);
  const items = listCampaignItems(ws, { campaignId: campaign.id, limit: 500 }).rows;
  items.slice(0, Math.max(0, items.length - plan.leftUndecided)).forEach((item, index) => {
    const base = { campaignId: campaign.id, grantId: item.grantId };
    if (index === 1) {
      decideItem(ws, {
        ...base,
        decision: 'revoke',
        justification: 'The study this access supported has been published.',
      });
    } else if (index === 2 && item.level === 'read') {
      decideItem(ws, {
        ...base,
        decision: 'narrow',
        level: 'aggregate',
        until: item.until ?? addDays(today, 60),
        justification: 'Aggregates answer the research question.',
      });
    } else {
      decideItem(ws, {
        ...base,
        decision: 'keep',
        justification: 'Still needed for the mobility study; usage matches the purpose.',
      });
    }
  });

  const cyclo = listGrants(ws, { status: 'active' }).find((grant) =>
    grant.principalName.includes('Cyclo Bike Share'),
  );
  const leak = recordIncident(ws, {
    subject: { kind: 'partner', ref: 'Cyclo Bike Share' },
    severity: 'high',
    title: 'Ride data shared with a marketing agency',
    description:
      'A Cyclo analyst forwarded an extract of ride counts to an agency working on a campaign; marketing is a prohibited use under the charter.',
    reporter: 'Cyclo Bike Share privacy office',
  });
  if (cyclo) {
    actOnIncidentGrants(ws, {
      incidentId: leak.id,
      grantIds: [cyclo.id],
      action: 'suspend',
      reason: 'Suspended while the disclosure is investigated.',
    });
  }
  escalateIncident(ws, {
    id: leak.id,
    expectedVersion: leak.version,
    to: 'Ada Okafor',
    note: 'A prohibited use by a partner: the governance lead decides on the partnership.',
    severity: 'critical',
  });
  recordIncident(ws, {
    subject: { kind: 'dataset', ref: 'apc-raw' },
    severity: 'medium',
    title: 'Unusual download volume',
    description: 'Three times the usual volume of passenger counts was fetched overnight.',
  });
  const resolved = recordIncident(ws, {
    subject: { kind: 'partner', ref: 'City of Riverton' },
    severity: 'low',
    title: 'Expired API key still in a dashboard',
    description:
      'A city dashboard kept polling with a key from a revoked grant; the calls were refused.',
    reporter: 'Monitoring',
  });
  resolveIncident(ws, {
    id: resolved.id,
    expectedVersion: resolved.version,
    resolution: 'The city removed the key; no data was served.',
  });
}
