import { closeCampaign, decideItem, openCampaign } from '../reviews/review-commands';
import { exportReviewEvidence } from '../reviews/review-evidence';
import {
  getCampaign,
  getCampaignItemDetail,
  listCampaignItems,
  listCampaigns,
} from '../reviews/review-queries';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { HandlersFor } from './dispatch';

export function reviewHandlers(session: WorkspaceSession): HandlersFor<'reviews'> {
  const changed = (entity: 'review' | 'access' | 'ledger', ids: string[]) => {
    session.emit({ name: 'workspace.changed', payload: { entity, ids } });
  };
  return {
    'reviews.list': () => listCampaigns(session.require()),
    'reviews.get': ({ id }) => getCampaign(session.require(), id),
    'reviews.items': (query) => listCampaignItems(session.require(), query),
    'reviews.item': ({ campaignId, grantId }) =>
      getCampaignItemDetail(session.require(), campaignId, grantId),
    'reviews.open': (input) => {
      const campaign = openCampaign(session.require(), input);
      changed('review', [campaign.id]);
      return campaign;
    },
    'reviews.decide': (input) => {
      const item = decideItem(session.require(), input);
      changed('review', [item.campaignId]);
      // Revoke and narrow changed the grant too; keep changes only the review.
      if (item.decision !== 'keep') changed('access', [item.grantId]);
      return item;
    },
    'reviews.close': (input) => {
      const campaign = closeCampaign(session.require(), input);
      changed('review', [campaign.id]);
      return campaign;
    },
    'reviews.export': ({ id, format }) => {
      const exported = exportReviewEvidence(session.require(), id, format);
      // Signed JSON may have signed a new checkpoint, which the ledger screen lists.
      if (format === 'json') changed('ledger', []);
      return exported;
    },
  };
}
