import { randomUUID } from 'node:crypto';
import { can, neededRoles } from '../../../shared/domain/permissions';
import {
  type CampaignOpenInput,
  campaignOpenSchema,
  type CampaignSummary,
  type ReviewDecideInput,
  reviewDecideSchema,
  type ReviewItem,
  type ReviewScope,
} from '../../../shared/domain/review';
import { roleLabels } from '../../../shared/domain/roles';
import { AppError, type InputIssue } from '../../../shared/errors';
import { type Now, requireOwn, systemNow } from '../access/access-commands';
import { getGrant, listPrincipals, todayOf } from '../access/access-queries';
import { decideNarrow, decideRevoke } from '../access/grant-steps';
import { getGoverningCharter } from '../charter/charter-queries';
import { requirePermission } from '../commands/authorise';
import type { DomainEvent } from '../commands/events';
import { execute } from '../commands/execute';
import { parseOrRefuse } from '../errors/parse-or-refuse';
import type { Workspace } from '../workspace/workspace';
import {
  type CampaignRecord,
  countUndecided,
  findCampaignItem,
  getCampaign,
  getCampaignItem,
  getCampaignRecord,
} from './review-queries';
import { countGrantsInScope } from './review-scope';

function refuseInput(message: string, issues: InputIssue[]): never {
  throw new AppError('INVALID_INPUT', message, issues);
}

/**
 * Reviewers are active members who may decide review items (leads or stewards); names are
 * matched regardless of case and stored as the members spell them.
 */
function resolveReviewers(ws: Workspace, names: readonly string[]): string[] {
  const members = ws.members();
  const issues: InputIssue[] = [];
  const resolved: string[] = [];
  for (const name of names) {
    const member = members.find((m) => m.name.toLowerCase() === name.toLowerCase());
    if (!member) {
      issues.push({ path: 'reviewers', message: `${name} is not a member of this workspace` });
    } else if (!member.active) {
      issues.push({ path: 'reviewers', message: `${member.name} is no longer active` });
    } else if (!can(member.roles, 'review.decide')) {
      const held = member.roles.map((role) => roleLabels[role]).join(', ');
      issues.push({
        path: 'reviewers',
        message: `${member.name} holds ${held}; a reviewer needs ${neededRoles('review.decide')}`,
      });
    } else if (!resolved.includes(member.name)) {
      resolved.push(member.name);
    }
  }
  if (issues.length > 0) {
    refuseInput(
      `These reviewers cannot review: ${issues.map((issue) => issue.message).join('; ')}.`,
      issues,
    );
  }
  return resolved;
}

/** A partner scope names an organisation some principal belongs to; a category, the charter's. */
function resolveScope(ws: Workspace, scope: ReviewScope): ReviewScope {
  switch (scope.kind) {
    case 'all':
      return scope;
    case 'partner': {
      const organisations = [...new Set(listPrincipals(ws).map((p) => p.organisation))];
      const match = organisations.find((o) => o.toLowerCase() === scope.value.toLowerCase());
      if (match === undefined) {
        refuseInput(
          `No principal belongs to "${scope.value}"; partners on record are: ${organisations.join(', ') || 'none'}.`,
          [{ path: 'scope', message: 'Choose an organisation principals belong to' }],
        );
      }
      return { kind: 'partner', value: match };
    }
    case 'category': {
      const charter = getGoverningCharter(ws);
      const ids = charter?.content.categories.map((category) => category.id) ?? [];
      if (!ids.includes(scope.value)) {
        refuseInput(
          charter
            ? `"${scope.value}" is not a data category of charter version ${charter.version}; its categories are ${ids.join(', ')}.`
            : `No charter is published, so there are no data categories to review by.`,
          [{ path: 'scope', message: 'Choose a category of the governing charter' }],
        );
      }
      return scope;
    }
  }
}

function describeScope(scope: ReviewScope): string {
  switch (scope.kind) {
    case 'all':
      return 'this node';
    case 'partner':
      return `partner ${scope.value}`;
    case 'category':
      return `category ${scope.value}`;
  }
}

/**
 * A lead opens a campaign over every grant live today in its scope. The grants are listed by
 * the applier, not in the event (see ReviewEvent); here they are only counted, so an empty
 * scope is refused rather than opened with nothing to review.
 */
export function openCampaign(
  ws: Workspace,
  input: CampaignOpenInput,
  now: Now = systemNow,
): CampaignSummary {
  const id = execute(ws, () => {
    requirePermission(ws.actor, 'review.manage', 'Opening an access review');
    const fields = parseOrRefuse(campaignOpenSchema, input, 'The campaign is not valid');
    const at = now();
    const today = todayOf(at);
    if (fields.dueDay < today) {
      refuseInput(`The due day ${fields.dueDay} has passed; choose today (${today}) or later.`, [
        { path: 'dueDay', message: `Must be today (${today}) or later` },
      ]);
    }
    const reviewers = resolveReviewers(ws, fields.reviewers);
    const scope = resolveScope(ws, fields.scope);
    const grants = countGrantsInScope(ws.sqlite, scope, ws.node.nodeId, today);
    if (grants === 0) {
      refuseInput(
        `No grant of ${describeScope(scope)} is live on ${today} (all are revoked or expired, or there are none): there is nothing to review.`,
        [{ path: 'scope', message: 'No live grant in this scope' }],
      );
    }
    const campaignId = randomUUID();
    return {
      events: [
        {
          type: 'review.opened',
          payload: {
            id: campaignId,
            by: ws.actor.name,
            at,
            ownerNode: ws.node.nodeId,
            name: fields.name,
            scope,
            day: today,
            dueDay: fields.dueDay,
            reviewers,
            grants,
          },
        },
      ],
      result: campaignId,
    };
  });
  return getCampaign(ws, id, todayOf(now()));
}

/** Only a campaign's reviewers decide its items, whatever other roles someone holds. */
function requireReviewer(ws: Workspace, campaign: CampaignRecord): void {
  const actor = ws.actor.name;
  if (campaign.reviewers.some((name) => name.toLowerCase() === actor.toLowerCase())) return;
  throw new AppError(
    'FORBIDDEN_ROLE',
    `Only the reviewers of "${campaign.name}" decide its items: ${campaign.reviewers.join(', ')}. ${actor} is not one of them.`,
  );
}

function requireOpen(campaign: CampaignRecord): void {
  if (campaign.status === 'open') return;
  throw new AppError(
    'CONFLICT',
    `"${campaign.name}" was closed by ${campaign.closed?.by ?? '?'} on ${campaign.closed?.at.slice(0, 10) ?? '?'}; its decisions are final.`,
  );
}

/**
 * A reviewer decides one item: keep, revoke or narrow, with a justification. Revoke and
 * narrow change the grant in the same transaction, through the grant steps, with the campaign
 * as the step's source; the review's authority stands in for the 'grant.change' permission
 * here (a lead opened the campaign and named the reviewers, who may be leads without the
 * steward role). A decision can be changed while the campaign is open only if it was keep:
 * a revocation cannot be undone, and a narrowing has already changed the grant.
 */
export function decideItem(
  ws: Workspace,
  input: ReviewDecideInput,
  now: Now = systemNow,
): ReviewItem {
  const decided = execute(ws, () => {
    requirePermission(ws.actor, 'review.decide', 'Deciding an access review item');
    const decision = parseOrRefuse(reviewDecideSchema, input, 'The decision is not valid');
    const campaign = getCampaignRecord(ws, decision.campaignId);
    requireOwn(ws, campaign.ownerNode, `Campaign "${campaign.name}"`);
    requireReviewer(ws, campaign);
    requireOpen(campaign);
    const item = getCampaignItem(ws, campaign.id, decision.grantId);
    if (item.decision !== null && item.decision !== 'keep') {
      throw new AppError(
        'CONFLICT',
        `${item.decided?.by ?? 'A reviewer'} already decided ${item.decision} for grant ${item.grantId}${
          item.decision === 'revoke'
            ? ', and a revocation cannot be undone'
            : ', and the grant was narrowed accordingly'
        }; only a keep decision can be changed.`,
      );
    }
    const at = now();
    const step = {
      id: decision.grantId,
      reason: decision.justification,
      source: { kind: 'review' as const, id: campaign.id },
    };
    const events: DomainEvent[] = [];
    const grant = getGrant(ws, decision.grantId, todayOf(at));
    switch (decision.decision) {
      case 'keep':
        if (grant.storedStatus === 'revoked') {
          throw new AppError(
            'CONFLICT',
            `Grant ${grant.id} was revoked by ${grant.revoked?.by ?? '?'} on ${grant.revoked?.at.slice(0, 10) ?? '?'} since the campaign opened; it cannot be kept. Record revoke to confirm it.`,
          );
        }
        break;
      case 'revoke':
        // Revoked meanwhile (an incident, a steward): the decision confirms it, nothing more.
        if (grant.storedStatus !== 'revoked') events.push(decideRevoke(ws, step, at));
        break;
      case 'narrow':
        events.push(
          decideNarrow(ws, { ...step, level: decision.level, until: decision.until }, at),
        );
        break;
    }
    events.push({
      type: 'review.decided',
      payload: {
        id: campaign.id,
        by: ws.actor.name,
        at,
        grantId: decision.grantId,
        decision: decision.decision,
        justification: decision.justification,
        narrowed:
          decision.decision === 'narrow' ? { level: decision.level, until: decision.until } : null,
      },
    });
    return { events, result: { campaignId: campaign.id, grantId: decision.grantId } };
  });
  const item = findCampaignItem(ws, decided.campaignId, decided.grantId);
  if (!item) throw new AppError('INTERNAL', 'The decided item could not be read back.');
  return item;
}

/** A lead closes a campaign once every item has a decision; a closed campaign's are final. */
export function closeCampaign(
  ws: Workspace,
  input: { id: string; expectedVersion?: number },
  now: Now = systemNow,
): CampaignSummary {
  execute(ws, () => {
    requirePermission(ws.actor, 'review.manage', 'Closing an access review');
    const campaign = getCampaignRecord(ws, input.id);
    requireOwn(ws, campaign.ownerNode, `Campaign "${campaign.name}"`);
    requireOpen(campaign);
    if (input.expectedVersion !== undefined && input.expectedVersion !== campaign.version) {
      throw new AppError(
        'CONFLICT',
        `"${campaign.name}" was changed elsewhere (now version ${campaign.version}, you had version ${input.expectedVersion}). Reload it and try again.`,
      );
    }
    const undecided = countUndecided(ws, campaign.id);
    if (undecided > 0) {
      throw new AppError(
        'CONFLICT',
        `"${campaign.name}" still has ${undecided} undecided ${undecided === 1 ? 'item' : 'items'}; close it once every grant has a decision.`,
      );
    }
    return {
      events: [
        { type: 'review.closed', payload: { id: campaign.id, by: ws.actor.name, at: now() } },
      ],
      result: undefined,
    };
  });
  return getCampaign(ws, input.id, todayOf(now()));
}
