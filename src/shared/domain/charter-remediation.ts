import { z } from 'zod';
import { grantNarrowingSchema, stepReasonSchema } from './access';
import { charterVersionSchema } from './charter-version';

/**
 * What the approving lead decides for a grant the new charter version puts out of bounds:
 * revoke it, narrow it so the new version allows it, or accept it as it is (it then shows as
 * out of bounds once the version is published), always with a justification.
 */
export const remediationActionSchema = z.enum(['revoke', 'narrow', 'accept']);
export type RemediationAction = z.infer<typeof remediationActionSchema>;
export const remediationActionLabels: Record<RemediationAction, string> = {
  revoke: 'Revoke',
  narrow: 'Narrow',
  accept: 'Accept as out of bounds',
};

/**
 * The most grants one approval can remediate. The approval's ledger entry lists every grant
 * (at most 1 MiB per entry), so a change touching more is done in steps: revoke or narrow
 * some grants from the access screen first.
 */
export const MAX_REMEDIATIONS = 20_000;

export const grantRemediationSchema = z
  .strictObject({
    grantId: z.string().min(1).max(64),
    action: remediationActionSchema,
    justification: stepReasonSchema,
    /** Narrow only: the lower level (default: the grant's own). */
    level: grantNarrowingSchema.shape.level.optional(),
    /** Narrow only: the earlier end day (default: the grant's own). */
    until: grantNarrowingSchema.shape.until.optional(),
  })
  .superRefine((remediation, context) => {
    const terms = remediation.level !== undefined || remediation.until !== undefined;
    if (remediation.action !== 'narrow' && terms) {
      context.addIssue({
        code: 'custom',
        path: ['action'],
        message: `A level or end day goes with narrow, not ${remediation.action}`,
      });
    }
    if (remediation.action === 'narrow' && !terms) {
      context.addIssue({
        code: 'custom',
        path: ['level'],
        message: 'Name the lower level or the earlier end day',
      });
    }
  });
export type GrantRemediation = z.infer<typeof grantRemediationSchema>;
export type GrantRemediationInput = z.input<typeof grantRemediationSchema>;

export const remediationListSchema = z
  .array(grantRemediationSchema)
  .max(
    MAX_REMEDIATIONS,
    `At most ${MAX_REMEDIATIONS.toLocaleString('en')} grants can be remediated in one approval`,
  );

/** Grants that got the same decision for the same reason, as the approval's entry records them. */
export const remediationGroupSchema = z.strictObject({
  action: remediationActionSchema,
  justification: z.string(),
  level: z.string().optional(),
  until: z.string().optional(),
  grantIds: z.array(z.string()).min(1),
});
export type RemediationGroup = z.infer<typeof remediationGroupSchema>;

/** What an approval recorded about the grants: the impact it was shown and what was decided. */
export const charterApprovalRecordSchema = z.strictObject({
  /** The published version the approved one was compared against; null when none was. */
  governingVersion: z.number().int().min(1).nullable(),
  outOfBounds: z.number().int().min(0),
  newlyAllowed: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  remediations: z.array(remediationGroupSchema),
});
export type CharterApprovalRecord = z.infer<typeof charterApprovalRecordSchema>;

/**
 * Groups remediations by decision, justification and narrowed terms, in first-seen order.
 * "Apply to all" gives hundreds of grants one justification; grouping records it once.
 */
export function groupRemediations(remediations: readonly GrantRemediation[]): RemediationGroup[] {
  const groups = new Map<string, RemediationGroup>();
  for (const { grantId, action, justification, level, until } of remediations) {
    const key = JSON.stringify([action, justification, level ?? null, until ?? null]);
    const found = groups.get(key);
    if (found) {
      found.grantIds.push(grantId);
      continue;
    }
    groups.set(key, {
      action,
      justification,
      ...(level === undefined ? {} : { level }),
      ...(until === undefined ? {} : { until }),
      grantIds: [grantId],
    });
  }
  return [...groups.values()];
}

function grants(count: number): string {
  return count === 1 ? '1 grant' : `${count.toLocaleString('en')} grants`;
}

/** How many grants each decision took: "2 revoked, 1 narrowed, 3 accepted". */
export function remediationCounts(
  record: CharterApprovalRecord,
): Record<RemediationAction, number> {
  const counts: Record<RemediationAction, number> = { revoke: 0, narrow: 0, accept: 0 };
  for (const group of record.remediations) counts[group.action] += group.grantIds.length;
  return counts;
}

/** One line: "3 grants out of bounds (2 revoked, 1 accepted), 4 newly allowed, 10 unchanged." */
export function describeApprovalRecord(record: CharterApprovalRecord): string {
  const counts = remediationCounts(record);
  const done = [
    counts.revoke > 0 ? `${counts.revoke.toLocaleString('en')} revoked` : null,
    counts.narrow > 0 ? `${counts.narrow.toLocaleString('en')} narrowed` : null,
    counts.accept > 0 ? `${counts.accept.toLocaleString('en')} accepted` : null,
  ].filter((part) => part !== null);
  const against =
    record.governingVersion === null
      ? 'with no charter published'
      : `against version ${record.governingVersion}`;
  return `${grants(record.outOfBounds)} out of bounds${
    done.length > 0 ? ` (${done.join(', ')})` : ''
  }, ${grants(record.newlyAllowed)} newly allowed, ${record.unchanged.toLocaleString('en')} unchanged, ${against}.`;
}

/** "Narrow to aggregate, ending 2026-06-30" and the like, for one group. */
export function describeRemediationGroup(group: RemediationGroup): string {
  if (group.action !== 'narrow') return remediationActionLabels[group.action];
  const terms = [
    group.level === undefined ? null : `to ${group.level}`,
    group.until === undefined ? null : `ending ${group.until}`,
  ].filter((part) => part !== null);
  return `Narrow ${terms.join(', ')}`;
}

/** A version as the charter screen loads it: with what its approval recorded, when it has one. */
export const charterVersionDetailSchema = charterVersionSchema.extend({
  approvalRecord: charterApprovalRecordSchema.optional(),
});
export type CharterVersionDetail = z.infer<typeof charterVersionDetailSchema>;
