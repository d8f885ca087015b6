import {
  type GrantRecord,
  type GrantStepSource,
  requestOfGrant,
} from '../../../shared/domain/access';
import type { ImpactItem } from '../../../shared/domain/charter-impact';
import {
  type CharterApprovalRecord,
  type GrantRemediation,
  groupRemediations,
} from '../../../shared/domain/charter-remediation';
import type { CharterVersion } from '../../../shared/domain/charter-version';
import { decideGrant } from '../../../shared/domain/policy';
import { AppError, type InputIssue } from '../../../shared/errors';
import { charterImpactOfVersion } from '../access/charter-impact-query';
import { getGrant, getPrincipal, policyPrincipal, todayOf } from '../access/access-queries';
import { decideNarrow, decideRevoke } from '../access/grant-steps';
import { getDataset } from '../catalog/catalog-queries';
import type { DomainEvent } from '../commands/events';
import { MAX_ENTRY_BYTES } from '../ledger-store/ledger-entry';
import type { Workspace } from '../workspace/workspace';

/** What approving a version does to the grants: the grant steps, and the record of them. */
export interface RemediationDecision {
  events: DomainEvent[];
  record: CharterApprovalRecord;
}

/** At most this many grants are named one by one in a refusal; the rest are counted. */
const NAMED_IN_MESSAGE = 10;

function grantLine(item: ImpactItem): string {
  return `${item.principal} → ${item.dataset} (${item.level}, grant ${item.grantId})`;
}

function listed(lines: readonly string[]): string {
  const named = lines.slice(0, NAMED_IN_MESSAGE).join('; ');
  const more = lines.length - NAMED_IN_MESSAGE;
  return more > 0 ? `${named}; and ${more.toLocaleString('en')} more` : named;
}

/** Exactly one remediation per out-of-bounds grant, and none for any other grant. */
function matchRemediations(
  version: number,
  outOfBounds: readonly ImpactItem[],
  remediations: readonly GrantRemediation[],
): Map<string, GrantRemediation> {
  const affected = new Map(outOfBounds.map((item) => [item.grantId, item]));
  const chosen = new Map<string, GrantRemediation>();
  const duplicates: InputIssue[] = [];
  const unaffected: InputIssue[] = [];
  remediations.forEach((remediation, index) => {
    const path = `remediations.${String(index)}.grantId`;
    if (chosen.has(remediation.grantId)) {
      duplicates.push({ path, message: `Grant ${remediation.grantId} has a remediation already` });
    } else if (!affected.has(remediation.grantId)) {
      unaffected.push({
        path,
        message: `Version ${String(version)} does not put grant ${remediation.grantId} out of bounds`,
      });
    }
    chosen.set(remediation.grantId, remediation);
  });
  if (duplicates.length > 0 || unaffected.length > 0) {
    const issues = [...duplicates, ...unaffected];
    throw new AppError(
      'INVALID_INPUT',
      `Each grant version ${String(version)} puts out of bounds takes exactly one remediation, and only those grants take one: ${listed(issues.map((issue) => issue.message))}. Load the impact again and decide anew. Nothing was written.`,
      issues,
    );
  }
  const missing = outOfBounds.filter((item) => !chosen.has(item.grantId));
  if (missing.length > 0) {
    throw new AppError(
      'REMEDIATION_REQUIRED',
      `Version ${String(version)} puts ${missing.length === 1 ? '1 grant' : `${missing.length.toLocaleString('en')} grants`} out of bounds without a remediation: ${listed(missing.map(grantLine))}. Revoke, narrow or accept each (with a justification) to approve. Nothing was written.`,
      missing.map((item) => ({
        path: 'remediations',
        message: `${grantLine(item)}: ${item.failed.map((reason) => reason.message).join(' ')}`,
      })),
    );
  }
  return chosen;
}

/**
 * The terms a narrowing leaves: the named level and end day, else the grant's own. An
 * open-ended grant must be given an end day (a narrowing never removes one).
 */
function narrowedTerms(grant: GrantRecord, remediation: GrantRemediation) {
  const until = remediation.until ?? grant.until;
  if (until === null) {
    throw new AppError(
      'INVALID_INPUT',
      `Grant ${grant.id} has no end day; narrowing it names one. Nothing was written.`,
      [{ path: `remediations.${grant.id}.until`, message: 'Name the end day' }],
    );
  }
  return { level: remediation.level ?? grant.level, until };
}

/**
 * The narrowed terms must be ones the version being approved allows, or narrowing would leave
 * the grant out of bounds all the same (accept it instead, saying why).
 */
function requireAllowedWhenNarrowed(
  ws: Workspace,
  proposed: CharterVersion,
  grant: GrantRecord,
  terms: { level: string; until: string },
  today: string,
): void {
  const { request, asOf } = requestOfGrant({ ...grant, ...terms }, today);
  const decision = decideGrant({
    request,
    principal: policyPrincipal(getPrincipal(ws, grant.principalId)),
    dataset: getDataset(ws, grant.datasetId),
    charter: proposed.content,
    today: asOf,
  });
  if (decision.decision === 'allow') return;
  const failed = decision.reasons.filter((reason) => reason.outcome === 'fail');
  throw new AppError(
    'POLICY_DENIED',
    `Narrowing grant ${grant.id} to ${terms.level} until ${terms.until} still breaks version ${String(proposed.version)}: ${failed.map((reason) => `${reason.message} [${reason.rule}]`).join(' ')} Narrow it further, revoke it or accept it. Nothing was written.`,
    failed.map((reason) => ({
      path: `remediations.${grant.id}.${reason.field}`,
      message: reason.message,
    })),
  );
}

/** Refuses a record the ledger could not hold, before any grant step is decided. */
function requireRecordFits(record: CharterApprovalRecord): void {
  // The rest of the entry (stamp, note, envelope) stays well under this margin.
  const bytes = new TextEncoder().encode(JSON.stringify(record)).byteLength;
  if (bytes <= MAX_ENTRY_BYTES - 8 * 1024) return;
  throw new AppError(
    'INVALID_INPUT',
    `The remediations take ${bytes.toLocaleString('en')} bytes to record; one approval holds about ${MAX_ENTRY_BYTES.toLocaleString('en')}. Give grants that share a reason one justification, or revoke or narrow some of them from the access screen first. Nothing was written.`,
  );
}

/**
 * The "no new access" check at approval: computed here, inside the approval's transaction, so
 * what the lead decided for is exactly what the version does to the grants as they are now.
 * Every grant it puts out of bounds needs one remediation; revocations and narrowings become
 * grant steps that cite the charter version as their source.
 *
 * Why a lead may revoke and narrow grants here without the steward's `grant.change`
 * permission: deciding the charter includes deciding its consequences for existing access,
 * and the approval is that decision, recorded in the same transaction. The steps name the
 * charter version as their source, so each grant's history says who ended or narrowed it and
 * under which charter.
 */
export function decideRemediations(
  ws: Workspace,
  proposed: CharterVersion,
  remediations: readonly GrantRemediation[],
  at: string,
): RemediationDecision {
  const today = todayOf(at);
  const impact = charterImpactOfVersion(ws, proposed.version, today);
  const chosen = matchRemediations(proposed.version, impact.outOfBounds, remediations);
  const record: CharterApprovalRecord = {
    governingVersion: impact.governingVersion,
    outOfBounds: impact.outOfBounds.length,
    newlyAllowed: impact.newlyAllowed.length,
    unchanged: impact.unchanged,
    // In the lead's order: matchRemediations made them one per out-of-bounds grant.
    remediations: groupRemediations(remediations),
  };
  requireRecordFits(record);

  const source: GrantStepSource = { kind: 'charter', id: proposed.id };
  const events: DomainEvent[] = [];
  for (const item of impact.outOfBounds) {
    const remediation = chosen.get(item.grantId);
    if (!remediation) continue;
    const step = { id: item.grantId, reason: remediation.justification, source };
    switch (remediation.action) {
      case 'revoke':
        events.push(decideRevoke(ws, step, at));
        break;
      case 'narrow': {
        const grant = getGrant(ws, item.grantId, today);
        const terms = narrowedTerms(grant, remediation);
        requireAllowedWhenNarrowed(ws, proposed, grant, terms, today);
        events.push(decideNarrow(ws, { ...step, ...terms }, at));
        break;
      }
      case 'accept':
        // The grant stays as it is; the approval's record keeps the justification.
        break;
    }
  }
  return { events, record };
}
