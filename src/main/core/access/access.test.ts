import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import {
  approveCharter,
  createCharterDraft,
  publishCharter,
  saveCharterDraft,
  submitCharter,
} from '../charter/charter-commands';
import { getCharterVersion } from '../charter/charter-queries';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { addMember } from '../members/member-commands';
import {
  ACCESS_TODAY as TODAY,
  accessNow,
  setUpGrantScenario as setUp,
} from '../testing/access-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { addPrincipal, approveGrant, requestGrant, updatePrincipal } from './access-commands';
import { revokeGrant } from './grant-steps';
import { deriveGrantStatus, explainGrant, getGrant } from './access-queries';
import { listGrants } from './grant-page-query';

const newWorkspace = useTempWorkspace();

const now = accessNow;

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('principals', () => {
  it('records a principal and updates it at the expected version', () => {
    const ws = newWorkspace();
    const { principal } = setUp(ws);
    expect(principal).toMatchObject({ name: 'Acme analysts', tier: 'standard', version: 1 });
    const updated = updatePrincipal(
      ws,
      {
        id: principal.id,
        expectedVersion: 1,
        kind: 'partner-role',
        name: 'Acme analysts',
        organisation: 'Acme',
        tier: 'strategic',
        legalBases: ['legitimate-interests', 'contract'],
      },
      now,
    );
    expect(updated).toMatchObject({ tier: 'strategic', version: 2 });
    expect(updated.legalBases).toEqual(['contract', 'legitimate-interests']);
    expect(
      thrownCode(() =>
        updatePrincipal(
          ws,
          {
            id: updated.id,
            expectedVersion: 1,
            kind: 'partner-role',
            name: 'A',
            organisation: 'Acme',
            tier: null,
            legalBases: [],
          },
          now,
        ),
      ),
    ).toBe('CONFLICT');
  });

  it('refuses a duplicate name within an organisation and an unknown tier', () => {
    const ws = newWorkspace();
    setUp(ws);
    const acme = {
      kind: 'partner-role' as const,
      name: 'ACME analysts',
      organisation: 'acme',
      tier: 'standard',
      legalBases: [],
    };
    expect(thrownCode(() => addPrincipal(ws, acme, now))).toBe('DUPLICATE');
    const error = thrown(() => addPrincipal(ws, { ...acme, name: 'Other', tier: 'gold' }, now));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.issues?.[0]?.path).toBe('tier');
  });
});

describe('grants', () => {
  it('records an allowed request, and approval makes it active from its start day', () => {
    const ws = newWorkspace();
    const { request } = setUp(ws);
    const grant = requestGrant(ws, request, now);
    expect(grant).toMatchObject({ status: 'requested', requested: { by: 'Ada Lovelace' } });
    const approved = approveGrant(ws, { id: grant.id, expectedVersion: 1 }, now);
    expect(approved).toMatchObject({ status: 'active', version: 2 });
    expect(approved.approved?.by).toBe('Ada Lovelace');
    expect(getGrant(ws, grant.id, '2026-02-28').status).toBe('approved');
  });

  it('refuses a denied request, naming the failing rules, and writes nothing', () => {
    const ws = newWorkspace();
    const { request } = setUp(ws);
    const size = ws.ledger.size;
    const error = thrown(() =>
      requestGrant(ws, { ...request, purpose: 'dpv:Marketing', until: '2027-06-01' }, now),
    );
    expect(error.code).toBe('POLICY_DENIED');
    expect(error.issues?.map((issue) => issue.path)).toEqual([
      'purpose.permitted',
      'purpose.not_prohibited',
      'duration.within_maximum',
    ]);
    expect(error.message).toContain('prohibits');
    expect(error.message).toContain('[purpose.not_prohibited]');
    expect(ws.ledger.size).toBe(size);
    expect(listGrants(ws, { today: TODAY })).toEqual([]);
  });

  it('explains a request without writing it', () => {
    const ws = newWorkspace();
    const { request, dataset, principal } = setUp(ws);
    const size = ws.ledger.size;
    const allowed = explainGrant(ws, { ...request, datasetId: dataset.identifier }, TODAY);
    expect(allowed.decision).toBe('allow');
    const denied = explainGrant(
      ws,
      { ...request, principalId: principal.name, level: 'write' },
      TODAY,
    );
    expect(denied.decision).toBe('deny');
    expect(denied.reasons.filter((r) => r.outcome === 'fail').map((r) => r.rule)).toContain(
      'level.within_tier_maximum',
    );
    expect(ws.ledger.size).toBe(size);
  });

  it('needs a second steward to approve a grant on confidential data', () => {
    const ws = newWorkspace();
    const { request } = setUp(ws, true);
    const grant = requestGrant(ws, request, now);
    const error = thrown(() => approveGrant(ws, { id: grant.id }, now));
    expect(error.code).toBe('FORBIDDEN_ROLE');
    expect(error.message).toContain('separation of duties');
    expect(getGrant(ws, grant.id, TODAY).status).toBe('requested');

    const bo = addMember(ws, { name: 'Bo', roles: ['steward'] });
    expect(thrown(() => approveGrant(ws, { id: grant.id }, now)).message).toContain(
      'Stewards who may approve: Bo.',
    );
    ws.actAs(bo.id);
    const approved = approveGrant(ws, { id: grant.id }, now);
    expect(approved).toMatchObject({ status: 'active', approved: { by: 'Bo' } });
  });

  it('lets the requester approve a grant on internal data', () => {
    const ws = newWorkspace();
    const { request } = setUp(ws);
    const grant = requestGrant(ws, request, now);
    expect(approveGrant(ws, { id: grant.id }, now).status).toBe('active');
  });

  it('revokes a grant with a reason, once', () => {
    const ws = newWorkspace();
    const { request } = setUp(ws);
    const grant = approveGrant(ws, { id: requestGrant(ws, request, now).id }, now);
    expect(thrownCode(() => revokeGrant(ws, { id: grant.id, reason: '  ' }, now))).toBe(
      'INVALID_INPUT',
    );
    const revoked = revokeGrant(ws, { id: grant.id, reason: 'Contract ended' }, now);
    expect(revoked).toMatchObject({
      status: 'revoked',
      revoked: { by: 'Ada Lovelace', reason: 'Contract ended' },
    });
    expect(thrownCode(() => revokeGrant(ws, { id: grant.id, reason: 'Again' }, now))).toBe(
      'CONFLICT',
    );
    expect(thrownCode(() => approveGrant(ws, { id: grant.id }, now))).toBe('CONFLICT');
  });

  it('derives expiry from the end day: nothing is written when a grant runs out', () => {
    const ws = newWorkspace();
    const { request } = setUp(ws);
    const grant = approveGrant(ws, { id: requestGrant(ws, request, now).id }, now);
    const size = ws.ledger.size;
    expect(getGrant(ws, grant.id, '2026-11-30').status).toBe('active');
    expect(getGrant(ws, grant.id, '2026-12-01').status).toBe('expired');
    expect(listGrants(ws, { today: '2027-01-01' }).map((g) => g.status)).toEqual(['expired']);
    expect(listGrants(ws, { today: '2027-01-01', status: 'active' })).toEqual([]);
    expect(ws.ledger.size).toBe(size);

    const stale = requestGrant(ws, request, now);
    expect(
      thrownCode(() => approveGrant(ws, { id: stale.id }, () => '2026-12-02T00:00:00.000Z')),
    ).toBe('CONFLICT');
    const base = { start: '2026-03-01', until: '2026-04-01' };
    expect(deriveGrantStatus({ storedStatus: 'requested', ...base }, '2026-04-01')).toBe('expired');
    expect(deriveGrantStatus({ storedStatus: 'revoked', ...base }, '2026-05-01')).toBe('revoked');
    expect(deriveGrantStatus({ storedStatus: 'suspended', ...base }, '2026-03-10')).toBe(
      'suspended',
    );
  });

  it('shows grants a charter change put out of bounds as denied, and will not approve them', () => {
    const ws = newWorkspace();
    const { request } = setUp(ws);
    const active = approveGrant(ws, { id: requestGrant(ws, request, now).id }, now);
    const pending = requestGrant(ws, request, now);
    expect(listGrants(ws, { today: TODAY }).map((g) => g.policy.decision)).toEqual([
      'allow',
      'allow',
    ]);

    // Version 2 caps the standard tier at aggregate access to operational data.
    const draft = createCharterDraft(ws, 1);
    const content = structuredClone(getCharterVersion(ws, draft.version).content);
    const operational = content.categories.find((c) => c.id === 'operational');
    if (!operational) throw new Error('the template has an operational category');
    operational.maxAccess.standard = 'aggregate';
    const saved = saveCharterDraft(ws, { version: draft.version, expectedRevision: 1, content });
    const step = { version: draft.version, expectedRevision: saved.revision };
    submitCharter(ws, step);
    // Approval needs a remediation per grant it puts out of bounds: both are kept (accepted).
    const remediations = [active, pending].map((grant) => ({
      grantId: grant.id,
      action: 'accept' as const,
      justification: 'Kept until the contract is renegotiated',
    }));
    approveCharter(ws, { ...step, note: 'Tighter', remediations }, now);
    publishCharter(ws, step);

    const listed = new Map(listGrants(ws, { today: TODAY }).map((g) => [g.id, g]));
    expect(listed.get(active.id)).toMatchObject({ status: 'active', policy: { decision: 'deny' } });
    expect(listed.get(pending.id)).toMatchObject({
      status: 'requested',
      policy: { decision: 'deny' },
    });
    expect(listed.get(active.id)?.policy.failed.map((r) => r.rule)).toEqual([
      'level.within_tier_maximum',
    ]);
    expect(thrownCode(() => approveGrant(ws, { id: pending.id }, now))).toBe('POLICY_DENIED');
  });

  it('replays into the same tables: deep verification passes', () => {
    const ws = newWorkspace();
    const { request, principal } = setUp(ws, true);
    const bo = addMember(ws, { name: 'Bo', roles: ['steward'] });
    const first = requestGrant(ws, request, now);
    const second = requestGrant(ws, { ...request, until: '2026-06-01' }, now);
    const { kind, name, organisation, tier } = principal;
    updatePrincipal(
      ws,
      {
        ...{ id: principal.id, kind, name, organisation, tier },
        expectedVersion: 1,
        legalBases: ['contract', 'consent'],
      },
      now,
    );
    ws.actAs(bo.id);
    approveGrant(ws, { id: first.id }, now);
    revokeGrant(ws, { id: second.id, reason: 'Not needed after all' }, now);
    const report = verifyWorkspace(ws, { deep: true });
    expect(report.ok).toBe(true);
    const entities = ws.sqlite
      .prepare("SELECT entity FROM ledger_entry WHERE type LIKE 'grant.%' ORDER BY seq")
      .pluck()
      .all();
    expect(entities).toEqual([
      `grant:${first.id}`,
      `grant:${second.id}`,
      `grant:${first.id}`,
      `grant:${second.id}`,
    ]);
  });

  it('refuses an auditor-only member', () => {
    const ws = newWorkspace();
    const { request } = setUp(ws);
    const eve = addMember(ws, { name: 'Eve', roles: ['auditor'] });
    ws.actAs(eve.id);
    const size = ws.ledger.size;
    expect(thrownCode(() => requestGrant(ws, request, now))).toBe('FORBIDDEN_ROLE');
    expect(
      thrownCode(() =>
        addPrincipal(
          ws,
          {
            kind: 'internal-role',
            name: 'Ops',
            organisation: 'Acme Health',
            tier: null,
            legalBases: [],
          },
          now,
        ),
      ),
    ).toBe('FORBIDDEN_ROLE');
    expect(ws.ledger.size).toBe(size);
  });
});
