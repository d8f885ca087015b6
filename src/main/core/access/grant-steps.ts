import {
  type GrantRecord,
  type GrantStepSource,
  grantNarrowingSchema,
  requestOfGrant,
  stepReasonSchema,
} from '../../../shared/domain/access';
import { AppError } from '../../../shared/errors';
import { getDataset } from '../catalog/catalog-queries';
import { getGoverningCharter } from '../charter/charter-queries';
import { requirePermission } from '../commands/authorise';
import type { DomainEvent } from '../commands/events';
import { execute } from '../commands/execute';
import { parseOrRefuse } from '../errors/parse-or-refuse';
import type { Workspace } from '../workspace/workspace';
import { currentGrant, type Now, policyDenied, systemNow } from './access-commands';
import { decideRequest, getGrant, getPrincipal, todayOf } from './access-queries';

/** A step on an existing grant: which one, at which version, why, and what caused it. */
export interface GrantStepInput {
  id: string;
  expectedVersion?: number;
  reason: string;
  source?: GrantStepSource;
}

export interface GrantNarrowingInput extends GrantStepInput {
  level: string;
  until: string;
}

/** Who and when, plus the reason and source, as each step's event carries them. */
function stepPayload(ws: Workspace, grant: GrantRecord, step: GrantStepInput, at: string) {
  const reason = parseOrRefuse(stepReasonSchema, step.reason, 'The reason is not valid', 'reason');
  return {
    id: grant.id,
    by: ws.actor.name,
    at,
    reason,
    ...(step.source ? { source: step.source } : {}),
  };
}

function refuseStep(grant: GrantRecord, step: string, allowed: string): never {
  throw new AppError(
    'CONFLICT',
    `Grant ${grant.id} is ${grant.status}; only ${allowed} grant can be ${step}.`,
  );
}

/*
 * The decide* functions return a step's event without writing it, so a command that acts on
 * several grants at once (an incident, a review decision, a charter approval) puts them all in
 * its own transaction. Each checks the grant can take the step; none checks roles: the
 * command that calls it does.
 */

/** Ends a grant (or turns down a request) for good. */
export function decideRevoke(ws: Workspace, step: GrantStepInput, at: string): DomainEvent {
  const grant = currentGrant(ws, step, todayOf(at));
  if (grant.storedStatus === 'revoked') {
    throw new AppError(
      'CONFLICT',
      `Grant ${grant.id} was already revoked by ${grant.revoked?.by ?? '?'} on ${grant.revoked?.at.slice(0, 10) ?? '?'}.`,
    );
  }
  return { type: 'grant.revoked', payload: stepPayload(ws, grant, step, at) };
}

/** Stops an approved (or active) grant for now, for example while an incident is looked into. */
export function decideSuspend(ws: Workspace, step: GrantStepInput, at: string): DomainEvent {
  const grant = currentGrant(ws, step, todayOf(at));
  if (grant.status !== 'active' && grant.status !== 'approved') {
    refuseStep(grant, 'suspended', 'an approved or active');
  }
  return { type: 'grant.suspended', payload: stepPayload(ws, grant, step, at) };
}

/**
 * Lifts a suspension. The policy decides again under the charter that governs now: a grant the
 * charter no longer allows stays suspended (revoke or narrow it instead).
 */
export function decideReinstate(ws: Workspace, step: GrantStepInput, at: string): DomainEvent {
  const today = todayOf(at);
  const grant = currentGrant(ws, step, today);
  if (grant.status !== 'suspended') refuseStep(grant, 'reinstated', 'a suspended');
  const principal = getPrincipal(ws, grant.principalId);
  const dataset = getDataset(ws, grant.datasetId);
  const { request, asOf } = requestOfGrant(grant, today);
  const decision = decideRequest(ws, request, principal, dataset, asOf);
  if (decision.decision === 'deny') {
    throw policyDenied(
      `Reinstating access for ${principal.name} to ${dataset.identifier}`,
      decision,
      getGoverningCharter(ws)?.version ?? null,
    );
  }
  return { type: 'grant.reinstated', payload: stepPayload(ws, grant, step, at) };
}

/**
 * Narrows a grant to a lower level and/or an earlier end day. Neither may widen it, and at
 * least one must change. Levels are ranked by their order in the governing charter.
 */
export function decideNarrow(ws: Workspace, step: GrantNarrowingInput, at: string): DomainEvent {
  const today = todayOf(at);
  const grant = currentGrant(ws, step, today);
  if (grant.status === 'revoked' || grant.status === 'expired') {
    refuseStep(grant, 'narrowed', 'a requested, approved, active or suspended');
  }
  const terms = parseOrRefuse(
    grantNarrowingSchema,
    { level: step.level, until: step.until, reason: step.reason },
    'The narrowing is not valid',
  );
  const levels = getGoverningCharter(ws)?.content.accessLevels.map((level) => level.id) ?? [];
  const [from, to] = [levels.indexOf(grant.level), levels.indexOf(terms.level)];
  const issues: { path: string; message: string }[] = [];
  if (to < 0) {
    issues.push({
      path: 'level',
      message: `"${terms.level}" is not an access level of the governing charter`,
    });
  } else if (from >= 0 && to > from) {
    issues.push({ path: 'level', message: `${terms.level} is above the grant's ${grant.level}` });
  }
  if (grant.until !== null && terms.until > grant.until) {
    issues.push({ path: 'until', message: `Ends after the grant's end day ${grant.until}` });
  }
  if (terms.until <= grant.start) {
    issues.push({ path: 'until', message: `Must end after the grant starts (${grant.start})` });
  }
  if (terms.until < today) {
    issues.push({ path: 'until', message: `Must be today (${today}) or later` });
  }
  if (issues.length === 0 && terms.level === grant.level && terms.until === grant.until) {
    issues.push({ path: 'level', message: 'Lower the level or bring the end day forward' });
  }
  if (issues.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `Grant ${grant.id} cannot be narrowed so: ${issues.map((i) => i.message).join('; ')}. A narrowing only lowers the level or ends the grant sooner.`,
      issues,
    );
  }
  return {
    type: 'grant.narrowed',
    payload: { ...stepPayload(ws, grant, step, at), level: terms.level, until: terms.until },
  };
}

type StepDecider<I extends GrantStepInput> = (ws: Workspace, step: I, at: string) => DomainEvent;

/** Runs one step on one grant as a command of its own, by a steward. */
function runStep<I extends GrantStepInput>(
  ws: Workspace,
  step: I,
  decide: StepDecider<I>,
  action: string,
  now: Now,
): GrantRecord {
  execute(ws, () => {
    requirePermission(ws.actor, 'grant.change', action);
    return { events: [decide(ws, step, now())], result: undefined };
  });
  return getGrant(ws, step.id, todayOf(now()));
}

export function revokeGrant(ws: Workspace, step: GrantStepInput, now: Now = systemNow) {
  return runStep(ws, step, decideRevoke, 'Revoking a grant', now);
}

export function suspendGrant(ws: Workspace, step: GrantStepInput, now: Now = systemNow) {
  return runStep(ws, step, decideSuspend, 'Suspending a grant', now);
}

export function reinstateGrant(ws: Workspace, step: GrantStepInput, now: Now = systemNow) {
  return runStep(ws, step, decideReinstate, 'Reinstating a grant', now);
}

export function narrowGrant(ws: Workspace, step: GrantNarrowingInput, now: Now = systemNow) {
  return runStep(ws, step, decideNarrow, 'Narrowing a grant', now);
}
