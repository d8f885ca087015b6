import type { ReviewDecision, ReviewScope } from '../../../shared/domain/review';

/** Who took a campaign's step, and when; `by` is the member acting on this node. */
interface ReviewStamp {
  /** The campaign's id. */
  id: string;
  by: string;
  at: string;
}

/**
 * Access review campaigns (issue 5, item 5). A revocation or narrowing decided in a review is
 * two events in one transaction: the grant's own step (its `source` names the campaign), then
 * `review.decided`.
 */
export type ReviewEvent =
  | {
      type: 'review.opened';
      /**
       * The items are not listed here: a campaign over 200,000 grants would not fit in one
       * ledger entry. The applier lists the grants live in `scope` on `day` from the grant
       * table, which at this point of the ledger holds the same rows on every replay.
       * `grants` is how many that was, for people reading the ledger.
       */
      payload: ReviewStamp & {
        ownerNode: string;
        name: string;
        scope: ReviewScope;
        day: string;
        dueDay: string;
        reviewers: string[];
        grants: number;
      };
    }
  | {
      type: 'review.decided';
      payload: ReviewStamp & {
        grantId: string;
        decision: ReviewDecision;
        justification: string;
        /** The narrowed terms; null unless the decision is narrow. */
        narrowed: { level: string; until: string } | null;
      };
    }
  | { type: 'review.closed'; payload: ReviewStamp };
