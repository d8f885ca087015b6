import type Database from 'better-sqlite3';
import { assertNever } from '../../../shared/errors';
import { qb, run } from '../db/sql';
import { canonicalize } from '../ledger/canonical-json';
import { insertCampaignItems } from '../reviews/review-scope';
import type { ReviewEvent } from './review-events';

/** Writes the review tables; like every applier, from the event's payload and prior rows only. */
export function applyReviewEvent(sqlite: Database.Database, event: ReviewEvent): void {
  switch (event.type) {
    case 'review.opened': {
      const p = event.payload;
      run(
        sqlite,
        qb.insertInto('review_campaign').values({
          id: p.id,
          owner_node: p.ownerNode,
          name: p.name,
          scope_kind: p.scope.kind,
          scope_value: p.scope.kind === 'all' ? null : p.scope.value,
          as_of_day: p.day,
          due_day: p.dueDay,
          reviewers: canonicalize(p.reviewers),
          status: 'open',
          created_by: p.by,
          created_at: p.at,
          version: 1,
        }),
      );
      // The grant table at this point of the ledger is the same on every replay, so listing
      // from it here gives the same items as when the campaign was opened.
      insertCampaignItems(sqlite, p.id, p.scope, p.ownerNode, p.day);
      return;
    }
    case 'review.decided': {
      const p = event.payload;
      run(
        sqlite,
        qb
          .updateTable('review_item')
          .set({
            decision: p.decision,
            justification: p.justification,
            narrowed_level: p.narrowed?.level ?? null,
            narrowed_until: p.narrowed?.until ?? null,
            decided_by: p.by,
            decided_at: p.at,
          })
          .where('campaign_id', '=', p.id)
          .where('grant_id', '=', p.grantId),
      );
      return;
    }
    case 'review.closed': {
      const p = event.payload;
      run(
        sqlite,
        qb
          .updateTable('review_campaign')
          .set((eb) => ({
            status: 'closed',
            closed_by: p.by,
            closed_at: p.at,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', p.id),
      );
      return;
    }
    default:
      assertNever(event, 'event');
  }
}
