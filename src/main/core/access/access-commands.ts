import { randomUUID } from 'node:crypto';
import {
  type GrantRecord,
  type GrantRequestInput,
  type PolicyDecision,
  type PrincipalFields,
  principalFieldsSchema,
  type PrincipalFieldsInput,
  type PrincipalRecord,
  requestOfGrant,
} from '../../../shared/domain/access';
import type { Dataset } from '../../../shared/domain/dataset';
import { type Sensitivity, sensitivityLabels } from '../../../shared/domain/governance-terms';
import { AppError } from '../../../shared/errors';
import { getDataset } from '../catalog/catalog-queries';
import { getGoverningCharter } from '../charter/charter-queries';
import { parseOrRefuse } from '../errors/parse-or-refuse';
import { requirePermission } from '../commands/authorise';
import type { DomainEvent } from '../commands/events';
import { execute } from '../commands/execute';
import type { Workspace } from '../workspace/workspace';
import {
  decideRequest,
  getGrant,
  getPrincipal,
  listPrincipals,
  parseGrantRequest,
  todayOf,
} from './access-queries';

/** Where stamps get their time (and commands their "today"); tests pass a fixed one. */
export type Now = () => string;
export const systemNow: Now = () => new Date().toISOString();

/** Sensitivities whose grants need a second steward (separation of duties). */
const dualControl: readonly Sensitivity[] = ['confidential', 'restricted'];

/**
 * A tier must be one the governing charter defines, so a typo is caught when the principal is
 * recorded rather than as a deny on every grant. (A later charter may drop the tier; the
 * policy then fails closed on it.)
 */
function requireKnownTier(ws: Workspace, tier: string | null): void {
  if (tier === null) return;
  const charter = getGoverningCharter(ws);
  if (!charter) return;
  const tiers = charter.content.partnerTiers.map((t) => t.id);
  if (tiers.includes(tier)) return;
  throw new AppError(
    'INVALID_INPUT',
    `"${tier}" is not a partner tier of charter version ${charter.version}; its tiers are ${tiers.join(', ')}.`,
    [{ path: 'tier', message: `Choose one of ${tiers.join(', ')}` }],
  );
}

function requireNameFree(ws: Workspace, fields: PrincipalFields, exceptId?: string): void {
  const key = (p: { organisation: string; name: string }) =>
    `${p.organisation.toLowerCase()}\u0000${p.name.toLowerCase()}`;
  const clash = listPrincipals(ws).find((p) => key(p) === key(fields) && p.id !== exceptId);
  if (clash) {
    throw new AppError(
      'DUPLICATE',
      `${fields.organisation} already has a principal named "${fields.name}" (${clash.id}).`,
      [{ path: 'name', message: 'This organisation already has a role of this name' }],
    );
  }
}

function normalisedFields(fields: PrincipalFields): PrincipalFields {
  // Legal bases are a set: kept sorted, so the same set is always stored the same way.
  return { ...fields, legalBases: [...fields.legalBases].sort() };
}

/** Stewards record who access can be granted to. */
export function addPrincipal(
  ws: Workspace,
  input: PrincipalFieldsInput,
  now: Now = systemNow,
): PrincipalRecord {
  const id = execute(ws, () => {
    requirePermission(ws.actor, 'principal.write', 'Adding a principal');
    const fields = normalisedFields(
      parseOrRefuse(principalFieldsSchema, input, 'The principal is not valid'),
    );
    requireKnownTier(ws, fields.tier);
    requireNameFree(ws, fields);
    const principalId = randomUUID();
    return {
      events: [
        {
          type: 'principal.added',
          payload: {
            id: principalId,
            by: ws.actor.name,
            at: now(),
            ownerNode: ws.node.nodeId,
            ...fields,
          },
        },
      ],
      result: principalId,
    };
  });
  return getPrincipal(ws, id);
}

/** Changes a principal's name, organisation, tier or legal bases; refused if stale. */
export function updatePrincipal(
  ws: Workspace,
  change: PrincipalFieldsInput & { id: string; expectedVersion: number },
  now: Now = systemNow,
): PrincipalRecord {
  execute(ws, () => {
    requirePermission(ws.actor, 'principal.write', 'Changing a principal');
    const { id, expectedVersion, ...input } = change;
    const current = getPrincipal(ws, id);
    requireOwn(ws, current.ownerNode, `Principal ${current.name}`);
    if (current.version !== expectedVersion) {
      throw new AppError(
        'CONFLICT',
        `${current.name} was changed elsewhere (now version ${current.version}, you edited version ${expectedVersion}). Reload it and apply your changes again.`,
      );
    }
    const fields = normalisedFields(
      parseOrRefuse(principalFieldsSchema, input, 'The principal is not valid'),
    );
    requireKnownTier(ws, fields.tier);
    requireNameFree(ws, fields, id);
    return {
      events: [
        {
          type: 'principal.updated',
          payload: { id, by: ws.actor.name, at: now(), version: current.version + 1, ...fields },
        },
      ],
      result: undefined,
    };
  });
  return getPrincipal(ws, change.id);
}

export function requireOwn(ws: Workspace, ownerNode: string, what: string): void {
  if (ownerNode === ws.node.nodeId) return;
  throw new AppError(
    'REPLICA_READ_ONLY',
    `${what} belongs to another node; only its owner can change it or grant access to it.`,
  );
}

/** A deny as a refusal: the message lists what failed, each issue names its rule. */
export function policyDenied(
  what: string,
  decision: PolicyDecision,
  charterVersion: number | null,
) {
  const failed = decision.reasons.filter((reason) => reason.outcome === 'fail');
  const under =
    charterVersion === null
      ? 'with no charter published'
      : `under charter version ${charterVersion}`;
  return new AppError(
    'POLICY_DENIED',
    `${what} is refused ${under}: ${failed.map((r) => `${r.message} [${r.rule}]`).join(' ')} Nothing was written.`,
    failed.map((reason) => ({ path: reason.rule, message: reason.message })),
  );
}

/**
 * The event recording a request for access. The policy decides it first, against the
 * governing charter and the catalog as they are now; a deny refuses it (POLICY_DENIED) and
 * nothing is written.
 */
function decideRequestEvent(ws: Workspace, input: GrantRequestInput, at: string) {
  const request = parseGrantRequest(input);
  const principal = getPrincipal(ws, request.principalId);
  const dataset = getDataset(ws, request.datasetId);
  requireOwn(ws, principal.ownerNode, `Principal ${principal.name}`);
  requireOwn(ws, dataset.ownerNode, `Dataset ${dataset.identifier}`);
  const decision = decideRequest(ws, request, principal, dataset, todayOf(at));
  if (decision.decision === 'deny') {
    throw policyDenied(
      `Access for ${principal.name} to ${dataset.identifier}`,
      decision,
      getGoverningCharter(ws)?.version ?? null,
    );
  }
  return {
    type: 'grant.requested',
    payload: {
      id: randomUUID(),
      by: ws.actor.name,
      at,
      ownerNode: ws.node.nodeId,
      principalId: request.principalId,
      datasetId: request.datasetId,
      level: request.level,
      purpose: request.purpose,
      start: request.start,
      until: request.until,
      justification: request.justification,
    },
  } satisfies DomainEvent;
}

/** Records a request for access, decided by the policy first (see decideRequestEvent). */
export function requestGrant(
  ws: Workspace,
  input: GrantRequestInput,
  now: Now = systemNow,
): GrantRecord {
  const id = execute(ws, () => {
    requirePermission(ws.actor, 'grant.request', 'Requesting a grant');
    const event = decideRequestEvent(ws, input, now());
    return { events: [event], result: event.payload.id };
  });
  return getGrant(ws, id, todayOf(now()));
}

/**
 * Records many requests in one transaction (the demo's and a bulk import's path): each is
 * decided as requestGrant decides it, and one deny refuses them all.
 */
export function requestGrants(
  ws: Workspace,
  inputs: readonly GrantRequestInput[],
  now: Now = systemNow,
): string[] {
  return execute(ws, () => {
    requirePermission(ws.actor, 'grant.request', 'Requesting grants');
    const at = now();
    const events = inputs.map((input) => decideRequestEvent(ws, input, at));
    return { events, result: events.map((event) => event.payload.id) };
  });
}

/** A grant a step applies to: it exists, is this node's, and is at the version the user saw. */
export function currentGrant(
  ws: Workspace,
  step: { id: string; expectedVersion?: number },
  today: string,
): GrantRecord {
  const grant = getGrant(ws, step.id, today);
  requireOwn(ws, grant.ownerNode, `Grant ${grant.id}`);
  if (step.expectedVersion !== undefined && grant.version !== step.expectedVersion) {
    throw new AppError(
      'CONFLICT',
      `Grant ${grant.id} was changed elsewhere (now version ${grant.version}, you had version ${step.expectedVersion}). Reload it and try again.`,
    );
  }
  return grant;
}

/** The sensitivity that decides separation of duties: the dataset's or its category's, if higher. */
function dualControlSensitivity(ws: Workspace, dataset: Dataset): Sensitivity | null {
  if (dualControl.includes(dataset.sensitivity)) return dataset.sensitivity;
  const category = getGoverningCharter(ws)?.content.categories.find(
    (candidate) => candidate.id === dataset.category,
  );
  return category && dualControl.includes(category.sensitivity) ? category.sensitivity : null;
}

/** Active stewards other than `name`: who may approve instead. */
function otherStewards(ws: Workspace, name: string): string[] {
  return ws
    .members()
    .filter((m) => m.active && m.roles.includes('steward') && m.name !== name)
    .map((m) => m.name);
}

/**
 * Requested → approved; the grant is active from its start day. The policy decides again,
 * against the charter that governs now (it may have changed since the request). On
 * confidential or restricted data the approver must be another steward than the requester.
 */
function decideApprove(
  ws: Workspace,
  step: { id: string; expectedVersion?: number },
  at: string,
): DomainEvent {
  const today = todayOf(at);
  const grant = currentGrant(ws, step, today);
  if (grant.status !== 'requested') {
    throw new AppError(
      'CONFLICT',
      grant.status === 'expired'
        ? `Grant ${grant.id} ran out on ${grant.until ?? ''} before it was approved; request it again with new dates.`
        : `Grant ${grant.id} is ${grant.status}; only a requested grant can be approved.`,
    );
  }
  const principal = getPrincipal(ws, grant.principalId);
  const dataset = getDataset(ws, grant.datasetId);
  const sensitive = dualControlSensitivity(ws, dataset);
  const approver = ws.actor.name;
  if (sensitive && approver === grant.requested.by) {
    const others = otherStewards(ws, approver);
    throw new AppError(
      'FORBIDDEN_ROLE',
      `${dataset.identifier} is ${sensitivityLabels[sensitive].toLowerCase()}, so another data steward must approve this grant: ${approver} requested it (separation of duties). ${
        others.length > 0
          ? `Stewards who may approve: ${others.join(', ')}.`
          : 'No other active steward exists; a governance lead can add one.'
      }`,
    );
  }
  const { request, asOf } = requestOfGrant(grant, today);
  const decision = decideRequest(ws, request, principal, dataset, asOf);
  if (decision.decision === 'deny') {
    throw policyDenied(
      `Approving access for ${principal.name} to ${dataset.identifier}`,
      decision,
      getGoverningCharter(ws)?.version ?? null,
    );
  }
  return { type: 'grant.approved', payload: { id: grant.id, by: approver, at } };
}

export function approveGrant(
  ws: Workspace,
  step: { id: string; expectedVersion?: number },
  now: Now = systemNow,
): GrantRecord {
  execute(ws, () => {
    requirePermission(ws.actor, 'grant.approve', 'Approving a grant');
    return { events: [decideApprove(ws, step, now())], result: undefined };
  });
  return getGrant(ws, step.id, todayOf(now()));
}

/** Approves many requested grants in one transaction; one refusal refuses them all. */
export function approveGrants(ws: Workspace, ids: readonly string[], now: Now = systemNow): void {
  execute(ws, () => {
    requirePermission(ws.actor, 'grant.approve', 'Approving grants');
    const at = now();
    return { events: ids.map((id) => decideApprove(ws, { id }, at)), result: undefined };
  });
}
