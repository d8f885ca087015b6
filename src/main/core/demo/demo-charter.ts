import type { CharterContent } from '../../../shared/domain/charter';
import type { CharterVersionSummary } from '../../../shared/domain/charter-version';
import {
  approveCharter,
  createCharterDraft,
  publishCharter,
  saveCharterDraft,
  submitCharter,
} from '../charter/charter-commands';
import { getCharterVersion } from '../charter/charter-queries';
import type { Workspace } from '../workspace/workspace';
import { charterImpactOfVersion } from '../access/charter-impact-query';
import type { GrantRemediationInput } from '../../../shared/domain/charter-remediation';

export const demoParties: CharterContent['parties'] = [
  {
    name: 'Metro Mobility Partnership',
    role: 'lead',
    contact: 'governance@metro-mobility.example',
  },
  { name: 'Metro Transit Authority', role: 'partner', contact: 'data@metro-transit.example' },
  { name: 'City of Riverton', role: 'partner', contact: 'open-data@riverton.example' },
  { name: 'Cyclo Bike Share', role: 'partner', contact: 'privacy@cyclo.example' },
  { name: 'Riverton University', role: 'partner', contact: 'research-office@riverton-uni.example' },
];

/** Version 1 as the partnership adopted it: the template, with its parties and dates. */
export function firstDemoCharter(template: CharterContent): CharterContent {
  return {
    ...template,
    title: 'Metro Mobility data-sharing charter',
    parties: demoParties,
    effectiveDate: '2026-01-01',
    nextReviewDate: '2026-07-01',
  };
}

/**
 * Version 2, after the first review: operational data is kept 18 months instead of two years
 * (datasets still keeping it longer are flagged), pilot partners lose record-level access to
 * open data streams, and a clause on endorsements is added.
 */
export function secondDemoCharter(previous: CharterContent): CharterContent {
  return {
    ...previous,
    effectiveDate: '2026-07-01',
    nextReviewDate: '2027-01-01',
    categories: previous.categories.map((category) => {
      if (category.id === 'operational') return { ...category, retention: 'P18M' };
      if (category.id === 'personal') {
        return { ...category, maxAccess: { ...category.maxAccess, strategic: 'aggregate' } };
      }
      return category;
    }),
    clauses: [
      ...previous.clauses,
      {
        id: 'endorsement',
        title: 'Endorsement',
        text: 'Each partner endorses every published version of this charter within 30 days, or stops using data shared under it.',
      },
    ],
  };
}

/** Version 3, in review: the next review brought forward and a new research purpose. */
export function thirdDemoCharter(previous: CharterContent): CharterContent {
  return {
    ...previous,
    nextReviewDate: '2026-12-15',
    purposes: [
      ...previous.purposes,
      {
        id: 'x-journey-planning',
        name: 'Journey planning',
        description: 'Helping travellers plan trips across operators.',
      },
    ],
  };
}

/** Edits, reviews and publishes the open draft: the author edits, another lead approves. */
export function publishDemoVersion(
  ws: Workspace,
  version: number,
  content: CharterContent,
  leads: { author: string; approver: string },
): CharterVersionSummary {
  ws.actAs(leads.author);
  const saved = saveCharterDraft(ws, {
    version,
    expectedRevision: revisionOf(ws, version),
    content,
  });
  const submitted = submitCharter(ws, { version, expectedRevision: saved.revision });
  ws.actAs(leads.approver);
  const approved = approveCharter(ws, {
    version,
    expectedRevision: submitted.revision,
    note: 'Checked against the partners’ comments.',
    remediations: demoRemediations(ws, version),
  });
  ws.actAs(leads.author);
  return publishCharter(ws, { version, expectedRevision: approved.revision });
}

/**
 * What the approving lead decides for the grants a version puts out of bounds: some are
 * accepted for now (they stay flagged out of bounds), some narrowed, some revoked.
 */
function demoRemediations(ws: Workspace, version: number): GrantRemediationInput[] {
  const { outOfBounds } = charterImpactOfVersion(ws, version);
  return outOfBounds.map((item, index): GrantRemediationInput => {
    switch (index % 3) {
      case 0:
        return {
          grantId: item.grantId,
          action: 'accept',
          justification: 'The contract is being renegotiated; access ends with the grant.',
        };
      case 1:
        return {
          grantId: item.grantId,
          action: 'narrow',
          level: 'aggregate',
          justification: 'Aggregates are enough for network planning.',
        };
      default:
        return {
          grantId: item.grantId,
          action: 'revoke',
          justification: 'No longer justified under the new charter.',
        };
    }
  });
}

function revisionOf(ws: Workspace, version: number): number {
  return getCharterVersion(ws, version).revision;
}

/** Edits the open draft and sends it to review, where the demo leaves it. */
export function sendDemoVersionToReview(
  ws: Workspace,
  version: number,
  content: CharterContent,
): CharterVersionSummary {
  const saved = saveCharterDraft(ws, {
    version,
    expectedRevision: revisionOf(ws, version),
    content,
  });
  return submitCharter(ws, { version, expectedRevision: saved.revision });
}

/** Starts the next version from the published one, as a lead would. */
export function startDemoDraft(ws: Workspace, basedOn: number): number {
  return createCharterDraft(ws, basedOn).version;
}
