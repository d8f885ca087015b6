import type Database from 'better-sqlite3';
import type { ReviewScope } from '../../../shared/domain/review';
import { assertNever } from '../../../shared/errors';

/**
 * The grants a campaign reviews, as SQL shared by the command (which counts them, to refuse an
 * empty scope) and the `review.opened` applier (which lists them): this node's grants live on
 * `day` — neither revoked nor expired, the same test as live-grants.ts — in the scope. Principal
 * and dataset are left-joined so the "all" scope lists a grant whose principal or dataset is
 * missing too; a partner or category scope needs them to match.
 */
function grantsInScope(scope: ReviewScope, ownerNode: string, day: string) {
  const from = `FROM access_grant AS g
    LEFT JOIN principal AS p ON p.id = g.principal_id
    LEFT JOIN dataset AS d ON d.id = g.dataset_id
    WHERE g.owner_node = ? AND g.status != 'revoked' AND (g.until_day IS NULL OR g.until_day > ?)`;
  const params: string[] = [ownerNode, day];
  switch (scope.kind) {
    case 'all':
      return { from, params };
    case 'partner':
      return { from: `${from} AND p.organisation = ?`, params: [...params, scope.value] };
    case 'category':
      return { from: `${from} AND d.category = ?`, params: [...params, scope.value] };
    default:
      return assertNever(scope, 'review scope');
  }
}

/** How many grants a campaign opened now over `scope` would list. */
export function countGrantsInScope(
  sqlite: Database.Database,
  scope: ReviewScope,
  ownerNode: string,
  day: string,
): number {
  const { from, params } = grantsInScope(scope, ownerNode, day);
  return sqlite
    .prepare(`SELECT count(*) ${from}`)
    .pluck()
    .get(...params) as number;
}

/**
 * Lists the grants in scope as the campaign's items, numbered in the order reviewers read them:
 * by organisation, principal, dataset, then grant id (unique, so the numbering is the same on
 * every replay). Each item keeps the grant's terms as they are now, what the reviewer judges.
 */
export function insertCampaignItems(
  sqlite: Database.Database,
  campaignId: string,
  scope: ReviewScope,
  ownerNode: string,
  day: string,
): void {
  const { from, params } = grantsInScope(scope, ownerNode, day);
  sqlite
    .prepare(
      `INSERT INTO review_item
        (campaign_id, position, grant_id, principal_id, dataset_id, level, purpose, until_day)
      SELECT ?, row_number() OVER (ORDER BY p.organisation COLLATE NOCASE, p.name COLLATE NOCASE,
          d.identifier, g.id),
        g.id, g.principal_id, g.dataset_id, g.level, g.purpose, g.until_day
      ${from}`,
    )
    .run(campaignId, ...params);
}
