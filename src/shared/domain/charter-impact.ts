import { z } from 'zod';
import {
  grantStatusLabels,
  grantStatusSchema,
  type GrantStatus,
  type GrantTerms,
  type PolicyReason,
  policyReasonSchema,
  type Principal,
  requestOfGrant,
} from './access';
import type { CharterContent } from './charter';
import { charterPartsRead, decideGrant, type PolicyDataset } from './policy';

/** A grant as the impact check reads it: any stored grant record, or a synthetic request. */
export type ImpactGrant = GrantTerms & {
  id: string;
  /** The lifecycle status on `today`; revoked and expired grants are left out. */
  status: GrantStatus;
};

export interface ImpactInput {
  grants: ReadonlyArray<{ grant: ImpactGrant; principal: Principal; dataset: PolicyDataset }>;
  /** The charter that governs now; null when none is published. */
  current: CharterContent | null;
  /** The version about to be approved. */
  proposed: CharterContent;
  /** YYYY-MM-DD. */
  today: string;
}

export const impactItemSchema = z.strictObject({
  grantId: z.string(),
  status: grantStatusSchema,
  principalId: z.string(),
  principal: z.string(),
  datasetId: z.string(),
  dataset: z.string(),
  level: z.string(),
  purpose: z.string(),
  start: z.string(),
  until: z.string().nullable(),
  /**
   * The checks that make the difference: for a grant put out of bounds, those it fails under
   * the proposed charter; for one newly allowed, those it failed under the current one.
   */
  failed: z.array(policyReasonSchema),
});
export type ImpactItem = z.infer<typeof impactItemSchema>;

export const charterImpactSchema = z.strictObject({
  /** Allowed under the current charter, denied under the proposed one. */
  outOfBounds: z.array(impactItemSchema),
  /** Denied under the current charter, allowed under the proposed one. */
  newlyAllowed: z.array(impactItemSchema),
  /** Live grants whose verdict stays the same. */
  unchanged: z.number().int().min(0),
});
export type CharterImpact = z.infer<typeof charterImpactSchema>;

/** The impact of approving one stored charter version, as the CLI and a future RPC return it. */
export const charterVersionImpactSchema = charterImpactSchema.extend({
  version: z.number().int().min(1),
  /** The published version compared against; null when none is. */
  governingVersion: z.number().int().min(1).nullable(),
});
export type CharterVersionImpact = z.infer<typeof charterVersionImpactSchema>;

const notLive: ReadonlySet<GrantStatus> = new Set(['revoked', 'expired']);

function failedReasons(reasons: PolicyReason[]): PolicyReason[] {
  return reasons.filter((reason) => reason.outcome === 'fail');
}

/** Structural equality of JSON-like values (charter parts), whatever their key order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * Whether the proposed version leaves every charter part the engine reads for such a grant as
 * it was (see charterPartsRead): then its verdict cannot change, and the grant need not be
 * judged twice. Answered once per category, tier and purpose, of which there are few.
 */
export function untouchedBy(current: CharterContent | null, proposed: CharterContent) {
  const answers = new Map<string, boolean>();
  return (categoryId: string, tierId: string | null, purposeId: string): boolean => {
    if (current === null) return false;
    const key = `${categoryId}\u0000${tierId ?? ''}\u0000${purposeId}`;
    let same = answers.get(key);
    if (same === undefined) {
      same = sameJson(
        charterPartsRead(current, categoryId, tierId, purposeId),
        charterPartsRead(proposed, categoryId, tierId, purposeId),
      );
      answers.set(key, same);
    }
    return same;
  };
}

/**
 * The "no new access" check before a charter version is approved: every live grant (not
 * revoked, not expired) decided under the current and the proposed charter by the same
 * engine. A grant is judged as of its start day once that has come, as the listing and an
 * approval judge it, so only what the charter and the records decide can change the verdict.
 * Pure: the caller passes the grants, both charters and the day.
 */
export function charterChangeImpact(input: ImpactInput): CharterImpact {
  const { current, proposed, today } = input;
  const impact: CharterImpact = { outOfBounds: [], newlyAllowed: [], unchanged: 0 };
  const untouched = untouchedBy(current, proposed);
  for (const { grant, principal, dataset } of input.grants) {
    if (notLive.has(grant.status)) continue;
    if (untouched(dataset.category, principal.tier, grant.purpose)) {
      impact.unchanged += 1;
      continue;
    }
    const { request, asOf } = requestOfGrant(grant, today);
    // Verdicts first, without messages (200,000 grants × 2 charters); the few grants whose
    // verdict changes are decided again with them, for the approver to read.
    const decide = (charter: CharterContent | null, messages: boolean) =>
      decideGrant({ request, principal, dataset, charter, today: asOf }, { messages });
    const before = decide(current, false);
    const after = decide(proposed, false);
    if (before.decision === after.decision) {
      impact.unchanged += 1;
      continue;
    }
    const item: ImpactItem = {
      grantId: grant.id,
      status: grant.status,
      principalId: principal.id,
      principal: `${principal.name} (${principal.organisation})`,
      datasetId: dataset.id,
      dataset: dataset.title,
      level: grant.level,
      purpose: grant.purpose,
      start: grant.start,
      until: grant.until,
      failed: failedReasons(
        after.decision === 'deny' ? decide(proposed, true).reasons : decide(current, true).reasons,
      ),
    };
    (after.decision === 'deny' ? impact.outOfBounds : impact.newlyAllowed).push(item);
  }
  return impact;
}

function itemLines(item: ImpactItem): string[] {
  const until = item.until ?? 'open-ended';
  return [
    `  ${item.principal} → ${item.dataset}: ${item.level} for ${item.purpose}, ${item.start} to ${until} (${grantStatusLabels[item.status].toLowerCase()}, grant ${item.grantId})`,
    ...item.failed.map((reason) => `      [${reason.rule}] ${reason.message}`),
  ];
}

/** The impact as text: each list with the failing checks under each grant. */
export function formatCharterImpact(impact: CharterImpact | CharterVersionImpact): string {
  const against =
    'version' in impact
      ? `Charter version ${impact.version} against ${
          impact.governingVersion === null
            ? 'no published charter'
            : `the published version ${impact.governingVersion}`
        }`
      : 'Proposed charter against the current one';
  const plural = (count: number) => (count === 1 ? '1 grant' : `${count} grants`);
  const lines = [
    `${against}: ${plural(impact.outOfBounds.length)} out of bounds, ${plural(
      impact.newlyAllowed.length,
    )} newly allowed, ${impact.unchanged} unchanged.`,
    '',
    'Out of bounds (allowed now, denied under the proposed charter)',
  ];
  if (impact.outOfBounds.length === 0) lines.push('  none');
  for (const item of impact.outOfBounds) lines.push(...itemLines(item));
  lines.push('', 'Newly allowed (denied now, allowed under the proposed charter)');
  if (impact.newlyAllowed.length === 0) lines.push('  none');
  for (const item of impact.newlyAllowed) lines.push(...itemLines(item));
  return lines.join('\n');
}
