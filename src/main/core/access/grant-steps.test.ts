import { describe, expect, it } from 'vitest';
import { createDataset } from '../catalog/catalog-commands';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { addMember } from '../members/member-commands';
import {
  ACCESS_TODAY as TODAY,
  accessNow as now,
  setUpGrantScenario,
} from '../testing/access-setup';
import { sampleDraft } from '../testing/charter-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { Workspace } from '../workspace/workspace';
import { addPrincipal, approveGrant, requestGrant, updatePrincipal } from './access-commands';
import { accessMatrix } from './access-matrix-query';
import { grantDetail, grantHistory } from './grant-history';
import { grantPageQuery, listGrantPage } from './grant-page-query';
import { all as all_ } from '../db/sql';
import { getDataset } from '../catalog/catalog-queries';
import { narrowGrant, reinstateGrant, revokeGrant, suspendGrant } from './grant-steps';

const newWorkspace = useTempWorkspace();

function activeGrant(ws: Workspace) {
  const scenario = setUpGrantScenario(ws);
  const grant = approveGrant(ws, { id: requestGrant(ws, scenario.request, now).id }, now);
  return { ...scenario, grant };
}

const page = { sort: { field: 'requestedAt', direction: 'asc' }, offset: 0, limit: 50 } as const;

describe('grant steps', () => {
  it('suspends and reinstates an active grant, each step in its history', () => {
    const ws = newWorkspace();
    const { grant } = activeGrant(ws);
    const suspended = suspendGrant(ws, { id: grant.id, reason: 'Leak under investigation' }, now);
    expect(suspended).toMatchObject({ status: 'suspended', storedStatus: 'suspended' });
    expect(thrownCode(() => suspendGrant(ws, { id: grant.id, reason: 'Again' }, now))).toBe(
      'CONFLICT',
    );
    const reinstated = reinstateGrant(ws, { id: grant.id, reason: 'Cleared' }, now);
    expect(reinstated.status).toBe('active');
    expect(grantHistory(ws, grant.id).map((step) => [step.step, step.kind, step.reason])).toEqual([
      [1, 'requested', null],
      [2, 'approved', null],
      [3, 'suspended', 'Leak under investigation'],
      [4, 'reinstated', 'Cleared'],
    ]);
    expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
  });

  it('narrows a grant to a lower level or an earlier end, never wider', () => {
    const ws = newWorkspace();
    const { grant } = activeGrant(ws);
    const reason = 'Least privilege';
    // The template ranks none < aggregate < read < write < admin.
    expect(
      thrownCode(() =>
        narrowGrant(ws, { id: grant.id, level: 'write', until: '2026-06-01', reason }, now),
      ),
    ).toBe('INVALID_INPUT');
    expect(
      thrownCode(() =>
        narrowGrant(ws, { id: grant.id, level: 'read', until: '2027-06-01', reason }, now),
      ),
    ).toBe('INVALID_INPUT');
    expect(
      thrownCode(() =>
        narrowGrant(ws, { id: grant.id, level: 'read', until: '2026-12-01', reason }, now),
      ),
    ).toBe('INVALID_INPUT');
    const sizeBefore = ws.ledger.size;
    expect(
      thrownCode(() =>
        narrowGrant(ws, { id: grant.id, level: 'root', until: '2026-06-01', reason }, now),
      ),
    ).toBe('INVALID_INPUT');
    expect(ws.ledger.size).toBe(sizeBefore);

    const narrowed = narrowGrant(
      ws,
      { id: grant.id, level: 'aggregate', until: '2026-06-01', reason },
      now,
    );
    expect(narrowed).toMatchObject({ level: 'aggregate', until: '2026-06-01', status: 'active' });
    const last = grantHistory(ws, grant.id).at(-1);
    expect(last).toMatchObject({
      kind: 'narrowed',
      reason,
      narrowed: {
        from: { level: 'read', until: '2026-12-01' },
        to: { level: 'aggregate', until: '2026-06-01' },
      },
    });
    expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
  });

  it('refuses steps to auditors and viewers, naming the role needed, and writes nothing', () => {
    const ws = newWorkspace();
    const { grant } = activeGrant(ws);
    const auditor = addMember(ws, { name: 'Ines Auditor', roles: ['auditor'] });
    ws.actAs(auditor.id);
    const sizeBefore = ws.ledger.size;
    for (const step of [revokeGrant, suspendGrant]) {
      try {
        step(ws, { id: grant.id, reason: 'Not mine to do' }, now);
        expect.unreachable();
      } catch (error) {
        expect(error).toMatchObject({ code: 'FORBIDDEN_ROLE' });
        expect((error as Error).message).toContain('needs the Data steward role');
        expect((error as Error).message).toContain('Ines Auditor holds: Auditor');
      }
    }
    expect(ws.ledger.size).toBe(sizeBefore);
  });

  it('explains a stored grant: the listing, every check, and its history', () => {
    const ws = newWorkspace();
    const { grant } = activeGrant(ws);
    const detail = grantDetail(ws, grant.id, TODAY);
    expect(detail.grant).toMatchObject({ id: grant.id, principalName: 'Acme analysts (Acme)' });
    expect(detail.decision.decision).toBe('allow');
    expect(detail.decision.reasons.every((reason) => reason.outcome === 'pass')).toBe(true);
    expect(detail.history.map((step) => step.kind)).toEqual(['requested', 'approved']);
    expect(thrownCode(() => grantDetail(ws, 'missing', TODAY))).toBe('NOT_FOUND');
  });
});

describe('grants table filters', () => {
  function twoGrants(ws: Workspace) {
    const { grant, principal } = activeGrant(ws);
    const other = createDataset(ws, sampleDraft({ identifier: 'bus-stops', title: 'Bus stops' }));
    const beta = addPrincipal(
      ws,
      {
        kind: 'partner-role',
        name: 'Beta engineers',
        organisation: 'Beta',
        tier: 'standard',
        legalBases: [],
      },
      now,
    );
    const second = requestGrant(
      ws,
      {
        principalId: beta.id,
        datasetId: other.id,
        level: 'aggregate',
        purpose: 'dpv:ServiceProvision',
        start: TODAY,
        until: '2026-03-20',
        justification: 'Timetable app',
      },
      now,
    );
    return { first: grant, second, principal, beta };
  }

  it('matches words against principal, organisation, dataset identifier and title', () => {
    const ws = newWorkspace();
    const { first, second } = twoGrants(ws);
    const ids = (search: string) =>
      listGrantPage(ws, { ...page, search }, TODAY).rows.map((row) => row.id);
    expect(ids('beta')).toEqual([second.id]);
    expect(ids('stops')).toEqual([second.id]);
    expect(ids('acme')).toEqual([first.id]);
    expect(ids('beta stops')).toEqual([second.id]);
    expect(ids('beta acme')).toEqual([]);
    // LIKE's wildcards are literal.
    expect(ids('%')).toEqual([]);
    expect(listGrantPage(ws, { ...page, search: 'beta' }, TODAY).total).toBe(1);
  });

  it('counts and pages a search the same whichever way the query is run', () => {
    const ws = newWorkspace();
    const { principal } = twoGrants(ws);
    const third = createDataset(ws, sampleDraft({ identifier: 'acme-beta-feed', title: 'Feed' }));
    requestGrant(
      ws,
      {
        principalId: principal.id,
        datasetId: third.id,
        level: 'read',
        purpose: 'dpv:ServiceProvision',
        start: TODAY,
        until: '2026-06-01',
        justification: 'Overlap of a principal word and a dataset word',
      },
      now,
    );
    const all = listGrantPage(ws, { ...page, limit: 500 }, TODAY).rows;
    for (const word of [
      'acme',
      'beta',
      'e',
      'stops',
      'feed',
      'nothing',
      'a%',
      'Bus',
      'a',
      's',
      'analysts',
      'engineers',
      'bus-',
    ]) {
      const expected = all.filter((row) =>
        [row.principalName, row.datasetIdentifier, getDataset(ws, row.datasetId).title].some(
          (text) => text.toLowerCase().includes(word.toLowerCase()),
        ),
      );
      const query = { ...page, search: word };
      const listed = listGrantPage(ws, query, TODAY);
      expect(listed.total, word).toBe(expected.length);
      const ids = (walk: boolean) =>
        all_(ws.sqlite, grantPageQuery(ws, query, TODAY, walk)).map((row) => row.id);
      expect(ids(true), word).toEqual(ids(false));
      expect(new Set(ids(true)), word).toEqual(new Set(expected.map((row) => row.id)));
    }
  });

  it('keeps grants ending by a day, and those the charter no longer allows', () => {
    const ws = newWorkspace();
    const { first, second, beta } = twoGrants(ws);
    expect(
      listGrantPage(ws, { ...page, untilBy: '2026-03-31' }, TODAY).rows.map((row) => row.id),
    ).toEqual([second.id]);
    expect(listGrantPage(ws, { ...page, outOfBounds: true }, TODAY).total).toBe(0);
    // Beta loses its tier: its grant falls out of bounds (fail closed), Acme's does not.
    updatePrincipal(
      ws,
      {
        id: beta.id,
        expectedVersion: 1,
        kind: 'partner-role',
        name: 'Beta engineers',
        organisation: 'Beta',
        tier: null,
        legalBases: [],
      },
      now,
    );
    const outOfBounds = listGrantPage(ws, { ...page, outOfBounds: true }, TODAY);
    expect(outOfBounds.rows.map((row) => row.id)).toEqual([second.id]);
    expect(outOfBounds.rows[0]?.policy.decision).toBe('deny');
    expect(outOfBounds.total).toBe(1);
    expect(first.id).not.toBe(second.id);
    // An auditor's read-only copy filters the same way (nothing is written to answer it).
    const readOnly = Workspace.open(ws.path, { readOnly: true });
    try {
      const rows = listGrantPage(readOnly, { ...page, outOfBounds: true }, TODAY).rows;
      expect(rows.map((row) => row.id)).toEqual([second.id]);
    } finally {
      readOnly.close();
    }
  });
});

describe('access matrix', () => {
  it('shows the level of each live grant, narrowed to an organisation', () => {
    const ws = newWorkspace();
    const { grant, principal, dataset } = activeGrant(ws);
    const matrix = accessMatrix(
      ws,
      { organisation: 'acme', datasetOffset: 0, datasetLimit: 30 },
      TODAY,
    );
    expect(matrix.principals.map((p) => p.id)).toEqual([principal.id]);
    expect(matrix.datasets.map((d) => d.id)).toEqual([dataset.id]);
    expect(matrix.cells).toEqual([
      {
        principalId: principal.id,
        datasetId: dataset.id,
        grantId: grant.id,
        level: 'read',
        status: 'active',
        others: 0,
      },
    ]);
    revokeGrant(ws, { id: grant.id, reason: 'Ended' }, now);
    const after = accessMatrix(
      ws,
      { organisation: 'Acme', datasetOffset: 0, datasetLimit: 30 },
      TODAY,
    );
    expect(after.cells).toEqual([]);
    expect(after.datasetTotal).toBe(0);
  });
});
