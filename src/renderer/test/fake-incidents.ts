import type { ChannelName, ChannelOutput, ChannelParsedInput } from '../../shared/contract';
import type { GrantListing, GrantStatus } from '../../shared/domain/access';
import {
  type IncidentGrantStep,
  type IncidentRecord,
  type IncidentStep,
  severityRank,
} from '../../shared/domain/incident';
import { type Permission, permissionBlocker } from '../../shared/domain/permissions';
import type { Role } from '../../shared/domain/roles';
import type { ErrorInfo, Result } from '../../shared/errors';

export type IncidentChannel = Extract<ChannelName, `incidents.${string}`>;

export function isIncidentChannel(channel: ChannelName): channel is IncidentChannel {
  return channel.startsWith('incidents.');
}

const nodeId = 'node-7f3a9c';

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

function fail(code: ErrorInfo['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** A grant as the incident detail lists it, active by default. */
export function makeGrantListing(
  overrides: Partial<GrantListing> & { id: string; principalName: string },
): GrantListing {
  return {
    ownerNode: nodeId,
    principalId: `p-${overrides.id}`,
    datasetId: 'ds-bus-positions',
    datasetIdentifier: 'bus-positions',
    level: 'read',
    purpose: 'dpv:ServiceProvision',
    start: '2025-01-01',
    until: '2026-12-01',
    justification: 'Analysis',
    storedStatus: 'approved',
    status: 'active',
    requested: { by: 'Ada Lovelace', at: '2025-01-01T09:00:00.000Z' },
    approved: { by: 'Ada Lovelace', at: '2025-01-01T09:00:00.000Z' },
    revoked: null,
    version: 2,
    policy: { decision: 'allow', failed: [] },
    ...overrides,
  };
}

/**
 * The incident channels over arrays, as main answers them: the same ordering, role checks,
 * stale-version refusals and all-or-nothing grant steps, so a screen test meets what main does.
 */
export class FakeIncidents {
  incidents: IncidentRecord[] = [];
  /** Every grant of the node; an incident's scope is picked from these by its subject. */
  grants: GrantListing[] = [];
  readonly history = new Map<string, IncidentStep[]>();
  readonly grantSteps = new Map<string, IncidentGrantStep[]>();
  private nextId = 1;

  constructor(
    private readonly actor: () => { name: string; roles: readonly Role[] },
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  handle(channel: IncidentChannel, input: unknown): Result<unknown> {
    switch (channel) {
      case 'incidents.list':
        return ok(this.list(input as ChannelParsedInput<'incidents.list'>));
      case 'incidents.get':
        return this.get((input as { id: string }).id);
      case 'incidents.record':
        return this.record(input as ChannelParsedInput<'incidents.record'>);
      case 'incidents.escalate':
        return this.escalate(input as ChannelParsedInput<'incidents.escalate'>);
      case 'incidents.resolve':
        return this.resolve(input as ChannelParsedInput<'incidents.resolve'>);
      case 'incidents.actOnGrants':
        return this.actOnGrants(input as ChannelParsedInput<'incidents.actOnGrants'>);
    }
  }

  private forbidden(permission: Permission, action: string): Result<never> | null {
    const blocker = permissionBlocker(this.actor(), permission, action);
    return blocker === null ? null : fail('FORBIDDEN_ROLE', blocker);
  }

  private list(query: ChannelParsedInput<'incidents.list'>): ChannelOutput<'incidents.list'> {
    const matches = this.incidents.filter(
      (incident) =>
        (!query.status?.length || query.status.includes(incident.status)) &&
        (!query.severity?.length || query.severity.includes(incident.severity)),
    );
    const sorted = [...matches].sort(
      (a, b) =>
        Number(a.status === 'resolved') - Number(b.status === 'resolved') ||
        severityRank(b.severity) - severityRank(a.severity) ||
        b.recorded.at.localeCompare(a.recorded.at),
    );
    return { rows: sorted.slice(0, query.limit), total: matches.length };
  }

  private scopeOf(incident: IncidentRecord): GrantListing[] {
    const { kind, ref } = incident.subject;
    return this.grants.filter((grant) =>
      kind === 'partner'
        ? grant.principalName.endsWith(`(${ref})`)
        : kind === 'dataset'
          ? grant.datasetId === ref
          : grant.id === ref,
    );
  }

  private get(id: string): Result<ChannelOutput<'incidents.get'>> {
    const incident = this.incidents.find((candidate) => candidate.id === id);
    if (!incident) return fail('NOT_FOUND', `No incident with id ${id} in this workspace.`);
    const scope = this.scopeOf(incident);
    return ok({
      incident,
      history: this.history.get(id) ?? [],
      grantsInScope: scope,
      grantsInScopeTotal: scope.length,
      grantSteps: this.grantSteps.get(id) ?? [],
      today: this.now().slice(0, 10),
    });
  }

  private step(incident: IncidentRecord, step: Omit<IncidentStep, 'step' | 'by' | 'at'>): void {
    const steps = this.history.get(incident.id) ?? [];
    steps.push({ step: incident.version, by: this.actor().name, at: this.now(), ...step });
    this.history.set(incident.id, steps);
  }

  private replace(incident: IncidentRecord): IncidentRecord {
    this.incidents = this.incidents.map((c) => (c.id === incident.id ? incident : c));
    return incident;
  }

  /** An incident that may change: known, unresolved, at the version the screen saw. */
  private changeable(id: string, expectedVersion?: number): IncidentRecord | Result<never> {
    const incident = this.incidents.find((candidate) => candidate.id === id);
    if (!incident) return fail('NOT_FOUND', `No incident with id ${id} in this workspace.`);
    if (incident.status === 'resolved') {
      return fail('CONFLICT', `Incident "${incident.title}" was resolved and cannot change.`);
    }
    if (expectedVersion !== undefined && incident.version !== expectedVersion) {
      return fail('CONFLICT', `Incident "${incident.title}" was changed elsewhere.`);
    }
    return incident;
  }

  record(draft: ChannelParsedInput<'incidents.record'>): Result<IncidentRecord> {
    const refused = this.forbidden('incident.record', 'Recording an incident');
    if (refused) return refused;
    const incident: IncidentRecord = {
      id: `incident-${String(this.nextId++)}`,
      ownerNode: nodeId,
      title: draft.title,
      description: draft.description,
      severity: draft.severity,
      status: 'open',
      subject: draft.subject,
      subjectLabel: draft.subject.ref,
      reporter: draft.reporter ?? this.actor().name,
      recorded: { by: this.actor().name, at: this.now() },
      escalated: null,
      resolved: null,
      version: 1,
    };
    this.incidents.push(incident);
    this.step(incident, { kind: 'recorded', severity: incident.severity, to: null, note: null });
    return ok(incident);
  }

  private escalate(input: ChannelParsedInput<'incidents.escalate'>): Result<IncidentRecord> {
    const refused = this.forbidden('incident.manage', 'Escalating an incident');
    if (refused) return refused;
    const current = this.changeable(input.id, input.expectedVersion);
    if ('ok' in current) return current;
    const severity = input.severity ?? current.severity;
    if (severityRank(severity) < severityRank(current.severity)) {
      return fail('INVALID_INPUT', 'An escalation cannot lower the severity.');
    }
    const at = this.now();
    const incident = this.replace({
      ...current,
      status: 'escalated',
      severity,
      escalated: { by: this.actor().name, at, to: input.to, note: input.note },
      version: current.version + 1,
    });
    this.step(incident, { kind: 'escalated', severity, to: input.to, note: input.note });
    return ok(incident);
  }

  private resolve(input: ChannelParsedInput<'incidents.resolve'>): Result<IncidentRecord> {
    const refused = this.forbidden('incident.manage', 'Resolving an incident');
    if (refused) return refused;
    const current = this.changeable(input.id, input.expectedVersion);
    if ('ok' in current) return current;
    const incident = this.replace({
      ...current,
      status: 'resolved',
      resolved: { by: this.actor().name, at: this.now(), resolution: input.resolution },
      version: current.version + 1,
    });
    this.step(incident, {
      kind: 'resolved',
      severity: incident.severity,
      to: null,
      note: input.resolution,
    });
    return ok(incident);
  }

  private actOnGrants(
    input: ChannelParsedInput<'incidents.actOnGrants'>,
  ): Result<ChannelOutput<'incidents.actOnGrants'>> {
    const refused = this.forbidden('grant.change', 'Suspending or revoking grants');
    if (refused) return refused;
    const incident = this.changeable(input.incidentId);
    if ('ok' in incident) return incident;
    const scope = this.scopeOf(incident);
    const chosen = input.grantIds.map((id) => scope.find((grant) => grant.id === id));
    if (chosen.some((grant) => grant === undefined)) {
      return fail('INVALID_INPUT', 'Not a grant of the incident’s subject; no grant was changed.');
    }
    const able = (grant: GrantListing) =>
      input.action === 'suspend'
        ? grant.status === 'active' || grant.status === 'approved'
        : grant.status !== 'revoked';
    if (!chosen.every((grant) => grant !== undefined && able(grant))) {
      return fail('CONFLICT', 'A chosen grant cannot take this step; no grant was changed.');
    }
    const status: GrantStatus = input.action === 'suspend' ? 'suspended' : 'revoked';
    const at = this.now();
    const changed = new Set(input.grantIds);
    this.grants = this.grants.map((grant) =>
      changed.has(grant.id)
        ? {
            ...grant,
            status,
            storedStatus: status,
            version: grant.version + 1,
            revoked:
              status === 'revoked' ? { by: this.actor().name, at, reason: input.reason } : null,
          }
        : grant,
    );
    const steps = this.grantSteps.get(incident.id) ?? [];
    for (const grant of this.grants.filter((g) => changed.has(g.id))) {
      steps.push({
        grantId: grant.id,
        kind: status,
        by: this.actor().name,
        at,
        reason: input.reason,
        principalName: grant.principalName,
        datasetIdentifier: grant.datasetIdentifier,
      });
    }
    this.grantSteps.set(incident.id, steps);
    return ok({
      action: input.action,
      grants: this.grants
        .filter((grant) => changed.has(grant.id))
        .map(
          ({ policy: _policy, principalName: _name, datasetIdentifier: _dataset, ...record }) =>
            record,
        ),
    });
  }
}
