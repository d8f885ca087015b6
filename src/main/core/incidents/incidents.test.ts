import { describe, expect, it } from 'vitest';
import { addPrincipal, approveGrant, requestGrant } from '../access/access-commands';
import { getGrant } from '../access/access-queries';
import { grantHistory } from '../access/grant-history';
import { createDataset } from '../catalog/catalog-commands';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { addMember } from '../members/member-commands';
import { ACCESS_TODAY, accessNow, setUpGrantScenario } from '../testing/access-setup';
import { sampleDraft } from '../testing/charter-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import type { Workspace } from '../workspace/workspace';
import {
  actOnIncidentGrants,
  escalateIncident,
  recordIncident,
  resolveIncident,
} from './incident-commands';
import { incidentDetail, listIncidents, openIncidentSummary } from './incident-queries';

const newWorkspace = useTempWorkspace();
const now = accessNow;

/**
 * Acme with two principals and three active grants (two on bus-positions, one on stops), and
 * Globex with one active grant on bus-positions.
 */
function setUp(ws: Workspace) {
  const { dataset, principal, request } = setUpGrantScenario(ws);
  const stops = createDataset(ws, sampleDraft({ identifier: 'stops', title: 'Stops' }));
  const service = addPrincipal(
    ws,
    {
      kind: 'partner-role',
      name: 'Acme integration',
      organisation: 'Acme',
      tier: 'standard',
      legalBases: [],
    },
    now,
  );
  const globex = addPrincipal(
    ws,
    {
      kind: 'partner-role',
      name: 'Globex',
      organisation: 'Globex',
      tier: 'standard',
      legalBases: [],
    },
    now,
  );
  const grant = (principalId: string, datasetId: string) => {
    const requested = requestGrant(ws, { ...request, principalId, datasetId }, now);
    return approveGrant(ws, { id: requested.id }, now);
  };
  return {
    dataset,
    stops,
    acmeRead: grant(principal.id, dataset.id),
    acmeService: grant(service.id, dataset.id),
    acmeStops: grant(principal.id, stops.id),
    globexRead: grant(globex.id, dataset.id),
  };
}

const partnerIncident = {
  subject: { kind: 'partner', ref: 'acme' },
  severity: 'medium',
  title: 'Data seen in a public bucket',
  description: 'A file from bus-positions was found in a public S3 bucket of Acme.',
} as const;

describe('incident lifecycle', () => {
  it('records, escalates (raising the severity), escalates again and resolves', () => {
    const ws = newWorkspace();
    setUp(ws);
    const recorded = recordIncident(ws, partnerIncident, now);
    expect(recorded).toMatchObject({
      status: 'open',
      severity: 'medium',
      // The organisation as its principals carry it, whatever case was typed.
      subject: { kind: 'partner', ref: 'Acme' },
      subjectLabel: 'Acme',
      reporter: 'Ada Lovelace',
      recorded: { by: 'Ada Lovelace', at: `${ACCESS_TODAY}T09:30:00.000Z` },
      escalated: null,
      resolved: null,
      version: 1,
    });

    const escalated = escalateIncident(
      ws,
      {
        id: recorded.id,
        expectedVersion: 1,
        to: 'CISO',
        note: 'Personal data involved',
        severity: 'high',
      },
      now,
    );
    expect(escalated).toMatchObject({
      status: 'escalated',
      severity: 'high',
      escalated: { by: 'Ada Lovelace', to: 'CISO', note: 'Personal data involved' },
      version: 2,
    });
    // Escalating again, further up, keeps the severity when none is named; lowering is refused.
    expect(
      thrownCode(() =>
        escalateIncident(ws, { id: recorded.id, to: 'Board', note: 'x', severity: 'low' }, now),
      ),
    ).toBe('INVALID_INPUT');
    const again = escalateIncident(
      ws,
      { id: recorded.id, expectedVersion: 2, to: 'Board', note: 'Regulator to be told' },
      now,
    );
    expect(again).toMatchObject({ severity: 'high', escalated: { to: 'Board' }, version: 3 });

    // A stale screen is refused, not applied.
    expect(
      thrownCode(() =>
        resolveIncident(ws, { id: recorded.id, expectedVersion: 2, resolution: 'Done' }, now),
      ),
    ).toBe('CONFLICT');
    const resolved = resolveIncident(
      ws,
      { id: recorded.id, expectedVersion: 3, resolution: 'Bucket closed; Acme retrained staff.' },
      now,
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolved: { by: 'Ada Lovelace', resolution: 'Bucket closed; Acme retrained staff.' },
      version: 4,
    });

    // A resolved incident never changes again.
    const size = ws.ledger.size;
    expect(thrownCode(() => resolveIncident(ws, { id: recorded.id, resolution: 'x' }, now))).toBe(
      'CONFLICT',
    );
    expect(
      thrownCode(() => escalateIncident(ws, { id: recorded.id, to: 'x', note: 'x' }, now)),
    ).toBe('CONFLICT');
    expect(ws.ledger.size).toBe(size);

    const detail = incidentDetail(ws, recorded.id, ACCESS_TODAY);
    expect(detail.history.map((step) => [step.step, step.kind, step.severity, step.to])).toEqual([
      [1, 'recorded', 'medium', null],
      [2, 'escalated', 'high', 'CISO'],
      [3, 'escalated', 'high', 'Board'],
      [4, 'resolved', 'high', null],
    ]);
    expect(detail.history[3]?.note).toBe('Bucket closed; Acme retrained staff.');

    const entities = ws.sqlite
      .prepare("SELECT DISTINCT entity FROM ledger_entry WHERE type LIKE 'incident.%'")
      .pluck()
      .all();
    expect(entities).toEqual([`incident:${recorded.id}`]);
    expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
  });

  it('names the reporter given, stores a dataset by id when named by identifier', () => {
    const ws = newWorkspace();
    const { dataset } = setUp(ws);
    const incident = recordIncident(
      ws,
      {
        subject: { kind: 'dataset', ref: 'bus-positions' },
        severity: 'low',
        title: 'Feed late',
        description: 'The feed was an hour late.',
        reporter: 'Acme service desk',
      },
      now,
    );
    expect(incident.subject).toEqual({ kind: 'dataset', ref: dataset.id });
    expect(incident.subjectLabel).toBe('bus-positions (Bus positions)');
    expect(incident.reporter).toBe('Acme service desk');
  });

  it('refuses an unknown subject or a blank title and writes nothing', () => {
    const ws = newWorkspace();
    setUp(ws);
    const size = ws.ledger.size;
    for (const subject of [
      { kind: 'partner', ref: 'Initech' },
      { kind: 'dataset', ref: 'no-such-dataset' },
      { kind: 'grant', ref: 'no-such-grant' },
    ] as const) {
      expect(thrownCode(() => recordIncident(ws, { ...partnerIncident, subject }, now))).toBe(
        'INVALID_INPUT',
      );
    }
    expect(thrownCode(() => recordIncident(ws, { ...partnerIncident, title: '  ' }, now))).toBe(
      'INVALID_INPUT',
    );
    expect(ws.ledger.size).toBe(size);
  });
});

describe('incident roles', () => {
  it('refuses auditors and viewers with FORBIDDEN_ROLE and writes nothing', () => {
    const ws = newWorkspace();
    const { acmeRead } = setUp(ws);
    const incident = recordIncident(ws, partnerIncident, now);
    for (const [name, role] of [
      ['Eve', 'auditor'],
      ['Vic', 'viewer'],
    ] as const) {
      addMember(ws, { name, roles: [role] });
      ws.actAsNamed(name);
      const size = ws.ledger.size;
      expect(thrownCode(() => recordIncident(ws, partnerIncident, now))).toBe('FORBIDDEN_ROLE');
      expect(
        thrownCode(() => escalateIncident(ws, { id: incident.id, to: 'CISO', note: 'x' }, now)),
      ).toBe('FORBIDDEN_ROLE');
      expect(thrownCode(() => resolveIncident(ws, { id: incident.id, resolution: 'x' }, now))).toBe(
        'FORBIDDEN_ROLE',
      );
      expect(
        thrownCode(() =>
          actOnIncidentGrants(
            ws,
            { incidentId: incident.id, grantIds: [acmeRead.id], action: 'suspend', reason: 'x' },
            now,
          ),
        ),
      ).toBe('FORBIDDEN_ROLE');
      expect(ws.ledger.size).toBe(size);
      ws.actAsNamed('Ada Lovelace');
    }
  });

  it('lets a governance lead record and escalate, but only a steward change grants', () => {
    const ws = newWorkspace();
    const { acmeRead } = setUp(ws);
    addMember(ws, { name: 'Lee', roles: ['lead'] });
    ws.actAsNamed('Lee');
    const incident = recordIncident(ws, partnerIncident, now);
    escalateIncident(ws, { id: incident.id, to: 'CISO', note: 'Serious' }, now);
    const size = ws.ledger.size;
    const refusal = (() => {
      try {
        actOnIncidentGrants(
          ws,
          { incidentId: incident.id, grantIds: [acmeRead.id], action: 'revoke', reason: 'x' },
          now,
        );
      } catch (error) {
        return error as Error & { code: string };
      }
      return null;
    })();
    expect(refusal?.code).toBe('FORBIDDEN_ROLE');
    expect(refusal?.message).toContain('Data steward');
    expect(ws.ledger.size).toBe(size);
  });
});

describe('incidents acting on grants', () => {
  it('suspends the chosen grants in one transaction, each step naming the incident', () => {
    const ws = newWorkspace();
    const { acmeRead, acmeService, acmeStops, globexRead } = setUp(ws);
    const incident = recordIncident(ws, partnerIncident, now);

    const before = incidentDetail(ws, incident.id, ACCESS_TODAY);
    expect(before.grantsInScopeTotal).toBe(3);
    expect(before.grantsInScope.map((g) => g.id).sort()).toEqual(
      [acmeRead.id, acmeService.id, acmeStops.id].sort(),
    );
    expect(before.grantsInScope.every((g) => g.status === 'active')).toBe(true);

    const size = ws.ledger.size;
    const result = actOnIncidentGrants(
      ws,
      {
        incidentId: incident.id,
        grantIds: [acmeRead.id, acmeService.id],
        action: 'suspend',
        reason: 'Until the leak is understood',
      },
      now,
    );
    expect(result.grants.map((g) => g.status)).toEqual(['suspended', 'suspended']);
    // One entry per grant, all appended by one command.
    expect(ws.ledger.size).toBe(size + 2);
    expect(getGrant(ws, acmeStops.id, ACCESS_TODAY).status).toBe('active');
    expect(getGrant(ws, globexRead.id, ACCESS_TODAY).status).toBe('active');
    expect(grantHistory(ws, acmeRead.id).at(-1)).toMatchObject({
      kind: 'suspended',
      reason: 'Until the leak is understood',
      source: { kind: 'incident', id: incident.id },
    });

    actOnIncidentGrants(
      ws,
      { incidentId: incident.id, grantIds: [acmeStops.id], action: 'revoke', reason: 'Ended' },
      now,
    );
    const after = incidentDetail(ws, incident.id, ACCESS_TODAY);
    expect(after.grantSteps.map((s) => [s.grantId, s.kind])).toEqual(
      expect.arrayContaining([
        [acmeRead.id, 'suspended'],
        [acmeService.id, 'suspended'],
        [acmeStops.id, 'revoked'],
      ]),
    );
    expect(after.grantSteps).toHaveLength(3);
    expect(after.grantSteps[0]?.principalName).toMatch(/\(Acme\)$/);
    expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
  });

  it('refuses the whole batch when one grant is unknown, outside the subject or cannot take the step', () => {
    const ws = newWorkspace();
    const { acmeRead, acmeService, globexRead } = setUp(ws);
    const incident = recordIncident(ws, partnerIncident, now);
    suspendOne(ws, incident.id, acmeService.id);
    const size = ws.ledger.size;
    const act = (grantIds: string[]) => () =>
      actOnIncidentGrants(
        ws,
        { incidentId: incident.id, grantIds, action: 'suspend', reason: 'Leak' },
        now,
      );
    expect(thrownCode(act([acmeRead.id, 'no-such-grant']))).toBe('NOT_FOUND');
    expect(thrownCode(act([acmeRead.id, globexRead.id]))).toBe('INVALID_INPUT');
    // Already suspended: the whole batch is refused, the good grant too.
    expect(thrownCode(act([acmeRead.id, acmeService.id]))).toBe('CONFLICT');
    expect(ws.ledger.size).toBe(size);
    expect(getGrant(ws, acmeRead.id, ACCESS_TODAY).status).toBe('active');
  });

  it('acts on nothing once the incident is resolved', () => {
    const ws = newWorkspace();
    const { acmeRead } = setUp(ws);
    const incident = recordIncident(ws, partnerIncident, now);
    resolveIncident(ws, { id: incident.id, resolution: 'False alarm' }, now);
    expect(
      thrownCode(() =>
        actOnIncidentGrants(
          ws,
          { incidentId: incident.id, grantIds: [acmeRead.id], action: 'revoke', reason: 'x' },
          now,
        ),
      ),
    ).toBe('CONFLICT');
  });

  it('scopes a dataset incident to its grants and a grant incident to that grant', () => {
    const ws = newWorkspace();
    const { dataset, acmeRead, acmeService, globexRead } = setUp(ws);
    const onDataset = recordIncident(
      ws,
      { ...partnerIncident, subject: { kind: 'dataset', ref: dataset.id } },
      now,
    );
    expect(
      incidentDetail(ws, onDataset.id, ACCESS_TODAY)
        .grantsInScope.map((g) => g.id)
        .sort(),
    ).toEqual([acmeRead.id, acmeService.id, globexRead.id].sort());
    const onGrant = recordIncident(
      ws,
      { ...partnerIncident, subject: { kind: 'grant', ref: globexRead.id } },
      now,
    );
    const detail = incidentDetail(ws, onGrant.id, ACCESS_TODAY);
    expect(detail.grantsInScope.map((g) => g.id)).toEqual([globexRead.id]);
    expect(detail.incident.subjectLabel).toBe('Globex (Globex) → bus-positions, read');
  });
});

function suspendOne(ws: Workspace, incidentId: string, grantId: string): void {
  actOnIncidentGrants(
    ws,
    { incidentId, grantIds: [grantId], action: 'suspend', reason: 'First' },
    now,
  );
}

describe('incident listing and the dashboard summary', () => {
  it('filters by status, severity and subject, most pressing first, and counts the unresolved', () => {
    const ws = newWorkspace();
    const { dataset } = setUp(ws);
    const low = recordIncident(ws, { ...partnerIncident, severity: 'low', title: 'Low' }, now);
    const critical = recordIncident(
      ws,
      { ...partnerIncident, severity: 'critical', title: 'Critical' },
      now,
    );
    const onDataset = recordIncident(
      ws,
      { ...partnerIncident, subject: { kind: 'dataset', ref: dataset.id }, title: 'Dataset' },
      now,
    );
    escalateIncident(ws, { id: onDataset.id, to: 'CISO', note: 'x', severity: 'high' }, now);
    const done = recordIncident(ws, { ...partnerIncident, title: 'Done' }, now);
    resolveIncident(ws, { id: done.id, resolution: 'Fixed' }, now);

    const titles = (query: Parameters<typeof listIncidents>[1]) =>
      listIncidents(ws, query).rows.map((row) => row.title);
    expect(titles({ limit: 100 })).toEqual(['Critical', 'Dataset', 'Low', 'Done']);
    expect(titles({ status: ['open', 'escalated'], limit: 100 })).toEqual([
      'Critical',
      'Dataset',
      'Low',
    ]);
    expect(titles({ severity: ['high', 'critical'], limit: 100 })).toEqual(['Critical', 'Dataset']);
    expect(titles({ subject: { kind: 'partner', ref: 'ACME' }, limit: 100 })).toEqual([
      'Critical',
      'Low',
      'Done',
    ]);
    expect(listIncidents(ws, { limit: 1 })).toMatchObject({ total: 4 });
    expect(low.id).not.toBe(critical.id);

    expect(openIncidentSummary(ws)).toEqual({
      open: 2,
      escalated: 1,
      bySeverity: { low: 1, medium: 0, high: 1, critical: 1 },
    });
  });
});
