import { describe, expect, it } from 'vitest';
import type { CharterContent } from '../../../shared/domain/charter';
import type { GrantRemediationInput } from '../../../shared/domain/charter-remediation';
import { AppError } from '../../../shared/errors';
import { approveGrant, requestGrant } from '../access/access-commands';
import { getGrant } from '../access/access-queries';
import { charterImpactOfVersion } from '../access/charter-impact-query';
import { grantHistory } from '../access/grant-history';
import { listGrants } from '../access/grant-page-query';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { addMember } from '../members/member-commands';
import {
  ACCESS_TODAY as TODAY,
  accessNow as now,
  setUpGrantScenario,
} from '../testing/access-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import type { Workspace } from '../workspace/workspace';
import { charterApprovalRecord } from './charter-approval-record';
import {
  approveCharter,
  createCharterDraft,
  publishCharter,
  saveCharterDraft,
  submitCharter,
} from './charter-commands';
import { charterOverview, getCharterVersion } from './charter-queries';

const newWorkspace = useTempWorkspace();

/** The template with the standard tier's maximum on operational data set to `level`. */
function capStandard(content: CharterContent, level: string): CharterContent {
  const next = structuredClone(content);
  const operational = next.categories.find((c) => c.id === 'operational');
  if (!operational) throw new Error('the template has an operational category');
  operational.maxAccess.standard = level;
  return next;
}

/** The next version from `basedOn`, in review, with the standard tier capped at `level`. */
function versionInReview(ws: Workspace, level: string, basedOn = 1) {
  const draft = createCharterDraft(ws, basedOn, now);
  const saved = saveCharterDraft(
    ws,
    {
      version: draft.version,
      expectedRevision: draft.revision,
      content: capStandard(draft.content, level),
    },
    now,
  );
  const step = { version: draft.version, expectedRevision: saved.revision };
  submitCharter(ws, step, now);
  return step;
}

/**
 * Three active read grants of a standard-tier partner on operational data (the template
 * allows read), and one at aggregate; version 2, in review, caps the tier at aggregate, so the
 * three read grants go out of bounds and the aggregate one is unchanged.
 */
function scenario(ws: Workspace) {
  const { request } = setUpGrantScenario(ws);
  const grant = (level = 'read') =>
    approveGrant(ws, { id: requestGrant(ws, { ...request, level }, now).id }, now);
  const [first, second, third, aggregate] = [grant(), grant(), grant(), grant('aggregate')];
  const step = versionInReview(ws, 'aggregate');
  return { first, second, third, aggregate, step, versionId: getCharterVersion(ws, 2).id };
}

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Runs `run`, expects it refused with `code`, and checks nothing was written. */
function refusedUnwritten(ws: Workspace, code: string, run: () => unknown): AppError {
  const size = ws.ledger.size;
  const before = JSON.stringify([charterOverview(ws), listGrants(ws, { today: TODAY })]);
  const error = thrown(run);
  expect(error.code).toBe(code);
  expect(ws.ledger.size).toBe(size);
  expect(JSON.stringify([charterOverview(ws), listGrants(ws, { today: TODAY })])).toBe(before);
  return error;
}

const accept = (grantId: string): GrantRemediationInput => ({
  grantId,
  action: 'accept',
  justification: 'The partner contract runs until December; renegotiating then.',
});

describe('charter approval with the "no new access" check', () => {
  it('refuses approval without a remediation for every out-of-bounds grant, naming them', () => {
    const ws = newWorkspace();
    const { first, second, third, step } = scenario(ws);

    const error = refusedUnwritten(ws, 'REMEDIATION_REQUIRED', () =>
      approveCharter(ws, { ...step, note: '' }, now),
    );
    expect(error.message).toContain('Version 2 puts 3 grants out of bounds without a remediation');
    expect(error.message).toContain('Acme analysts (Acme) → Bus positions (read, grant');
    expect(error.message).toContain('Nothing was written.');
    expect(error.issues).toHaveLength(3);
    expect(error.issues?.[0]?.message).toMatch(/Operational data allows the Standard tier/);

    // Two of three decided is still not enough; the one left out is named.
    const partial = refusedUnwritten(ws, 'REMEDIATION_REQUIRED', () =>
      approveCharter(
        ws,
        { ...step, note: '', remediations: [accept(first.id), accept(third.id)] },
        now,
      ),
    );
    expect(partial.issues?.map((issue) => issue.message).join()).toContain(second.id);
    expect(partial.issues).toHaveLength(1);
  });

  it('revokes, narrows and accepts in the approval, each step citing the charter version', () => {
    const ws = newWorkspace();
    const { first, second, third, step, versionId } = scenario(ws);
    // A lead who may not change grants as a steward approves: the approval authorises them.
    const grace = addMember(ws, { name: 'Grace', roles: ['lead'] });
    ws.actAs(grace.id);

    const remediations: GrantRemediationInput[] = [
      { grantId: first.id, action: 'revoke', justification: 'No longer needed at read level' },
      {
        grantId: second.id,
        action: 'narrow',
        justification: 'Aggregates are enough for punctuality reports',
        level: 'aggregate',
        until: '2026-09-01',
      },
      accept(third.id),
    ];
    const approved = approveCharter(ws, { ...step, note: 'Tighter', remediations }, now);
    expect(approved).toMatchObject({ status: 'approved', approved: { by: 'Grace' } });

    expect(getGrant(ws, first.id, TODAY)).toMatchObject({ status: 'revoked' });
    expect(getGrant(ws, second.id, TODAY)).toMatchObject({
      status: 'active',
      level: 'aggregate',
      until: '2026-09-01',
    });
    expect(getGrant(ws, third.id, TODAY)).toMatchObject({ status: 'active', level: 'read' });

    const source = { kind: 'charter', id: versionId };
    expect(grantHistory(ws, first.id).at(-1)).toMatchObject({
      kind: 'revoked',
      by: 'Grace',
      reason: 'No longer needed at read level',
      source,
    });
    expect(grantHistory(ws, second.id).at(-1)).toMatchObject({
      kind: 'narrowed',
      reason: 'Aggregates are enough for punctuality reports',
      narrowed: {
        from: { level: 'read', until: '2026-12-01' },
        to: { level: 'aggregate', until: '2026-09-01' },
      },
      source,
    });
    expect(grantHistory(ws, third.id).map((s) => s.kind)).toEqual(['requested', 'approved']);

    expect(charterApprovalRecord(ws, getCharterVersion(ws, 2))).toEqual({
      governingVersion: 1,
      outOfBounds: 3,
      newlyAllowed: 0,
      unchanged: 1,
      remediations: [
        { action: 'revoke', justification: 'No longer needed at read level', grantIds: [first.id] },
        {
          action: 'narrow',
          justification: 'Aggregates are enough for punctuality reports',
          level: 'aggregate',
          until: '2026-09-01',
          grantIds: [second.id],
        },
        { action: 'accept', justification: accept('').justification, grantIds: [third.id] },
      ],
    });

    // Once published, the accepted grant is the one out of bounds; the narrowed one is within.
    publishCharter(ws, step, now);
    const listed = new Map(listGrants(ws, { today: TODAY }).map((g) => [g.id, g]));
    expect(listed.get(third.id)?.policy.decision).toBe('deny');
    expect(listed.get(second.id)?.policy.decision).toBe('allow');
    expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
  });

  it('records one justification once for grants that share it ("apply to all")', () => {
    const ws = newWorkspace();
    const { first, second, third, step } = scenario(ws);
    const remediations = [first, second, third].map((grant) => accept(grant.id));
    approveCharter(ws, { ...step, note: '', remediations }, now);
    expect(charterApprovalRecord(ws, getCharterVersion(ws, 2))?.remediations).toEqual([
      {
        action: 'accept',
        justification: accept('').justification,
        grantIds: expect.arrayContaining([first.id, second.id, third.id]) as unknown,
      },
    ]);
  });

  it('refuses a narrowing the version being approved would still deny', () => {
    const ws = newWorkspace();
    const { first, second, third, step } = scenario(ws);
    const error = refusedUnwritten(ws, 'POLICY_DENIED', () =>
      approveCharter(
        ws,
        {
          ...step,
          note: '',
          remediations: [
            // Ending sooner at read level is still above the new aggregate maximum.
            { grantId: first.id, action: 'narrow', justification: 'Shorter', until: '2026-06-01' },
            accept(second.id),
            accept(third.id),
          ],
        },
        now,
      ),
    );
    expect(error.message).toContain(`Narrowing grant ${first.id} to read until 2026-06-01`);
    expect(error.message).toContain('[level.within_tier_maximum]');
    expect(error.issues?.map((issue) => issue.path)).toEqual([`remediations.${first.id}.level`]);
  });

  it('refuses remediations for grants the version does not affect, and duplicates', () => {
    const ws = newWorkspace();
    const { first, second, third, aggregate, step } = scenario(ws);
    const all = [first, second, third].map((grant) => accept(grant.id));

    const unaffected = refusedUnwritten(ws, 'INVALID_INPUT', () =>
      approveCharter(ws, { ...step, note: '', remediations: [...all, accept(aggregate.id)] }, now),
    );
    expect(unaffected.message).toContain(
      `Version 2 does not put grant ${aggregate.id} out of bounds`,
    );
    expect(unaffected.issues).toEqual([
      {
        path: 'remediations.3.grantId',
        message: `Version 2 does not put grant ${aggregate.id} out of bounds`,
      },
    ]);

    const twice = refusedUnwritten(ws, 'INVALID_INPUT', () =>
      approveCharter(ws, { ...step, note: '', remediations: [...all, accept(first.id)] }, now),
    );
    expect(twice.message).toContain(`Grant ${first.id} has a remediation already`);

    // Malformed: a level on a revocation, a narrowing without terms, an empty justification.
    const malformed = refusedUnwritten(ws, 'INVALID_INPUT', () =>
      approveCharter(
        ws,
        {
          ...step,
          note: '',
          remediations: [
            { grantId: first.id, action: 'revoke', justification: 'x', level: 'aggregate' },
            { grantId: second.id, action: 'narrow', justification: 'x' },
            { grantId: third.id, action: 'accept', justification: '  ' },
          ],
        },
        now,
      ),
    );
    expect(malformed.issues?.map((issue) => issue.path)).toEqual([
      'remediations.0.action',
      'remediations.1.level',
      'remediations.2.justification',
    ]);
  });

  it('needs no remediation when nothing goes out of bounds, and records what is newly allowed', () => {
    const ws = newWorkspace();
    const { first, second, third, step } = scenario(ws);
    const remediations = [first, second, third].map((grant) => accept(grant.id));
    approveCharter(ws, { ...step, note: '', remediations }, now);
    publishCharter(ws, step, now);

    // Version 3 lifts the cap again: the three accepted grants are allowed once more.
    const v3 = versionInReview(ws, 'read', 2);
    expect(charterImpactOfVersion(ws, 3, TODAY).newlyAllowed).toHaveLength(3);
    const approved = approveCharter(ws, { ...v3, note: 'Looser again' }, now);
    expect(charterApprovalRecord(ws, approved)).toEqual({
      governingVersion: 2,
      outOfBounds: 0,
      newlyAllowed: 3,
      unchanged: 1,
      remediations: [],
    });
  });
});
