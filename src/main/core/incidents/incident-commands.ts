import { randomUUID } from 'node:crypto';
import type { GrantRecord } from '../../../shared/domain/access';
import {
  type IncidentDraftInput,
  incidentDraftSchema,
  incidentEscalationSchema,
  type IncidentGrantAction,
  incidentGrantsInputSchema,
  type IncidentRecord,
  incidentResolutionSchema,
  incidentSeverityLabels,
  type IncidentSubject,
  severityRank,
} from '../../../shared/domain/incident';
import { AppError } from '../../../shared/errors';
import { type Now, systemNow } from '../access/access-commands';
import { findGrant, getGrant, todayOf } from '../access/access-queries';
import { decideRevoke, decideSuspend } from '../access/grant-steps';
import { findDatasetByIdentifier } from '../catalog/catalog-queries';
import { requirePermission } from '../commands/authorise';
import type { DomainEvent } from '../commands/events';
import { execute } from '../commands/execute';
import { all, first, qb } from '../db/sql';
import { parseOrRefuse } from '../errors/parse-or-refuse';
import type { Workspace } from '../workspace/workspace';
import { getIncident, grantsCoveredBySubject } from './incident-queries';

/*
 * Lifecycle: open → escalated → resolved, or open → resolved. An escalated incident may be
 * escalated again (further up the chain, or to someone else) and every escalation is kept in
 * its history; an escalation may raise the severity, never lower it (a lower one would hide
 * how serious it was judged to be: record that in the resolution instead). A resolved incident
 * never changes again, nor acts on grants: record a new incident.
 */

function refuseInvalidSubject(message: string): never {
  throw new AppError('INVALID_INPUT', message, [{ path: 'subject.ref', message }]);
}

/**
 * The subject as stored: a partner by its organisation's name as its principals carry it, a
 * dataset by its id (the CLI may name it by identifier), a grant by its id. It must exist here.
 */
function canonicalSubject(ws: Workspace, subject: IncidentSubject): IncidentSubject {
  switch (subject.kind) {
    case 'partner': {
      const wanted = subject.ref.toLowerCase();
      // Organisations compare without case, as principal names within them do.
      const organisation = all(
        ws.sqlite,
        qb
          .selectFrom('principal')
          .select('organisation')
          .distinct()
          .where('owner_node', '=', ws.node.nodeId)
          .orderBy('organisation'),
      )
        .map((row) => row.organisation)
        .find((name) => name.toLowerCase() === wanted);
      if (organisation === undefined) {
        refuseInvalidSubject(
          `No principal of this node belongs to an organisation named "${subject.ref}"; record the partner's principals first, or name the organisation as they carry it.`,
        );
      }
      return { kind: 'partner', ref: organisation };
    }
    case 'dataset': {
      const byId = first(
        ws.sqlite,
        qb.selectFrom('dataset').select('id').where('id', '=', subject.ref),
      );
      const dataset = byId ?? findDatasetByIdentifier(ws, ws.node.nodeId, subject.ref);
      if (!dataset) refuseInvalidSubject(`No dataset has the id or identifier "${subject.ref}".`);
      return { kind: 'dataset', ref: dataset.id };
    }
    case 'grant':
      if (!findGrant(ws, subject.ref))
        refuseInvalidSubject(`No grant has the id "${subject.ref}".`);
      return subject;
  }
}

/** Members and stewards record incidents against a partner, a dataset or a grant. */
export function recordIncident(
  ws: Workspace,
  input: IncidentDraftInput,
  now: Now = systemNow,
): IncidentRecord {
  const id = execute(ws, () => {
    requirePermission(ws.actor, 'incident.record', 'Recording an incident');
    const draft = parseOrRefuse(incidentDraftSchema, input, 'The incident is not valid');
    const subject = canonicalSubject(ws, draft.subject);
    const incidentId = randomUUID();
    return {
      events: [
        {
          type: 'incident.recorded',
          payload: {
            id: incidentId,
            by: ws.actor.name,
            at: now(),
            ownerNode: ws.node.nodeId,
            title: draft.title,
            description: draft.description,
            severity: draft.severity,
            subject,
            reporter: draft.reporter ?? ws.actor.name,
          },
        },
      ],
      result: incidentId,
    };
  });
  return getIncident(ws, id);
}

/** An incident a step applies to: this node's, not resolved, at the version the user saw. */
function changeableIncident(
  ws: Workspace,
  step: { id: string; expectedVersion?: number },
  doing: string,
): IncidentRecord {
  const incident = getIncident(ws, step.id);
  if (incident.ownerNode !== ws.node.nodeId) {
    throw new AppError(
      'FORBIDDEN_ROLE',
      `Incident "${incident.title}" belongs to another node; only its owner can change it.`,
    );
  }
  if (incident.status === 'resolved') {
    throw new AppError(
      'CONFLICT',
      `Incident "${incident.title}" was resolved by ${incident.resolved?.by ?? '?'} on ${incident.resolved?.at.slice(0, 10) ?? '?'} and cannot change; ${doing} needs a new incident.`,
    );
  }
  if (step.expectedVersion !== undefined && incident.version !== step.expectedVersion) {
    throw new AppError(
      'CONFLICT',
      `Incident "${incident.title}" was changed elsewhere (now version ${incident.version}, you had version ${step.expectedVersion}). Reload it and try again.`,
    );
  }
  return incident;
}

export interface IncidentStepInput {
  id: string;
  /** The version the user saw; a stale step is refused (CONFLICT). */
  expectedVersion?: number;
}

/** Open or escalated → escalated, to someone, with a note and possibly a higher severity. */
export function escalateIncident(
  ws: Workspace,
  input: IncidentStepInput & { to: string; note: string; severity?: string },
  now: Now = systemNow,
): IncidentRecord {
  execute(ws, () => {
    requirePermission(ws.actor, 'incident.manage', 'Escalating an incident');
    const { id, expectedVersion, ...fields } = input;
    const escalation = parseOrRefuse(
      incidentEscalationSchema,
      fields,
      'The escalation is not valid',
    );
    const incident = changeableIncident(ws, { id, expectedVersion }, 'escalating it');
    const severity = escalation.severity ?? incident.severity;
    if (severityRank(severity) < severityRank(incident.severity)) {
      const message = `An escalation cannot lower the severity (${incidentSeverityLabels[incident.severity].toLowerCase()} now); say in the resolution if it turned out less serious.`;
      throw new AppError('INVALID_INPUT', message, [{ path: 'severity', message }]);
    }
    return {
      events: [
        {
          type: 'incident.escalated',
          payload: {
            id,
            by: ws.actor.name,
            at: now(),
            to: escalation.to,
            note: escalation.note,
            severity,
          },
        },
      ],
      result: undefined,
    };
  });
  return getIncident(ws, input.id);
}

/** Open or escalated → resolved, saying how. A resolved incident never changes again. */
export function resolveIncident(
  ws: Workspace,
  input: IncidentStepInput & { resolution: string },
  now: Now = systemNow,
): IncidentRecord {
  execute(ws, () => {
    requirePermission(ws.actor, 'incident.manage', 'Resolving an incident');
    const { resolution } = parseOrRefuse(
      incidentResolutionSchema,
      { resolution: input.resolution },
      'The resolution is not valid',
    );
    changeableIncident(ws, input, 'resolving it');
    return {
      events: [
        {
          type: 'incident.resolved',
          payload: { id: input.id, by: ws.actor.name, at: now(), resolution },
        },
      ],
      result: undefined,
    };
  });
  return getIncident(ws, input.id);
}

const grantDeciders = { suspend: decideSuspend, revoke: decideRevoke } as const;
const grantActionWords: Record<IncidentGrantAction, string> = {
  suspend: 'Suspending grants for an incident',
  revoke: 'Revoking grants for an incident',
};

/**
 * Suspends or revokes the chosen grants because of an incident, all in ONE transaction: if any
 * grant cannot take the step (unknown, outside the incident's subject, already revoked, not
 * active), nothing is written. Each grant's history names the incident as the step's source.
 * Changing grants is a steward's call ('grant.change'), whoever may manage the incident.
 */
export function actOnIncidentGrants(
  ws: Workspace,
  input: { incidentId: string; grantIds: string[]; action: IncidentGrantAction; reason: string },
  now: Now = systemNow,
): { action: IncidentGrantAction; grants: GrantRecord[] } {
  const at = now();
  const today = todayOf(at);
  execute(ws, () => {
    requirePermission(ws.actor, 'grant.change', grantActionWords[input.action]);
    const { incidentId, grantIds, action, reason } = parseOrRefuse(
      incidentGrantsInputSchema,
      input,
      'The grants action is not valid',
    );
    const incident = changeableIncident(
      ws,
      { id: incidentId },
      `${action === 'suspend' ? 'suspending' : 'revoking'} grants`,
    );
    const unknown = grantIds.filter((grantId) => !findGrant(ws, grantId, today));
    if (unknown.length > 0) {
      throw new AppError(
        'NOT_FOUND',
        `No grant with id ${unknown.join(', ')} in this workspace; no grant was changed.`,
      );
    }
    const inScope = grantsCoveredBySubject(ws, incident.subject, grantIds);
    const outside = grantIds.filter((grantId) => !inScope.has(grantId));
    if (outside.length > 0) {
      const message = `Not a grant of ${incident.subjectLabel}: ${outside.join(', ')}. An incident acts only on the grants its subject covers; no grant was changed.`;
      throw new AppError(
        'INVALID_INPUT',
        message,
        outside.map((grantId) => ({
          path: `grantIds.${grantId}`,
          message: 'Outside the incident',
        })),
      );
    }
    const source = { kind: 'incident', id: incidentId } as const;
    const decide = grantDeciders[action];
    const events: DomainEvent[] = grantIds.map((grantId) =>
      decide(ws, { id: grantId, reason, source }, at),
    );
    return { events, result: undefined };
  });
  return { action: input.action, grants: input.grantIds.map((id) => getGrant(ws, id, today)) };
}
