import { permissionBlocker } from '../../../shared/domain/permissions';
import type { CampaignSummary } from '../../../shared/domain/review';
import type { OpenWorkspace } from '../../app/workspace-context';

const readOnlyBlocker = 'This workspace is open read-only, so nothing can change.';

/** Why the member at the keyboard cannot open a campaign (naming the role), or null. */
export function openBlocker(status: OpenWorkspace): string | null {
  if (status.readOnly) return readOnlyBlocker;
  return permissionBlocker(status.actor, 'review.manage', 'Opening an access review');
}

/**
 * Why the member cannot decide this campaign's items, or null. Main refuses the same: the
 * role first, then the campaign's own list of reviewers, then a closed campaign.
 */
export function decideBlocker(status: OpenWorkspace, campaign: CampaignSummary): string | null {
  if (status.readOnly) return readOnlyBlocker;
  const byRole = permissionBlocker(status.actor, 'review.decide', 'Deciding a review item');
  if (byRole !== null) return byRole;
  const name = status.actor.name.toLowerCase();
  if (!campaign.reviewers.some((reviewer) => reviewer.toLowerCase() === name)) {
    return `Only the campaign's reviewers decide its items: ${campaign.reviewers.join(', ')}.`;
  }
  if (campaign.status === 'closed') return 'The campaign is closed; its decisions are final.';
  return null;
}

/** Why the campaign cannot be closed now: the role, its state, or undecided items. */
export function closeBlocker(status: OpenWorkspace, campaign: CampaignSummary): string | null {
  if (status.readOnly) return readOnlyBlocker;
  const byRole = permissionBlocker(status.actor, 'review.manage', 'Closing an access review');
  if (byRole !== null) return byRole;
  if (campaign.status === 'closed') return 'The campaign is closed already.';
  const { undecided } = campaign.progress;
  if (undecided > 0) {
    return `${String(undecided)} ${undecided === 1 ? 'item is' : 'items are'} still undecided; every grant needs a decision first.`;
  }
  return null;
}
