import { describe, expect, it } from 'vitest';
import { requestGrant } from '../access/access-commands';
import { revokeGrant } from '../access/grant-steps';
import { getGoverningCharter } from '../charter/charter-queries';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { accessNow, setUpGrantScenario } from '../testing/access-setup';
import { leadSetup, pin, sharingPair, useSyncWorkspaces } from '../testing/sync-setup';
import { thrownCode } from '../testing/thrown-code';
import { charterEndorsements, endorseCharter } from './endorsements';
import { listPeers } from './peers';
import { buildSnapshot } from './snapshot-build';
import { importSnapshot } from './snapshot-import';

function count(
  ws: { sqlite: { prepare(sql: string): { get(...p: unknown[]): unknown } } },
  sql: string,
  ...params: unknown[]
): number {
  return (ws.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

describe('signed snapshots between a lead and a partner', () => {
  const workspace = useSyncWorkspaces();

  const pair = () => sharingPair(workspace);

  it('carries the charter, the shared dataset and the partner’s grants, read-only, and records the import', () => {
    const { lead, partner, grant } = pair();
    const built = buildSnapshot(lead, partner.node.nodeId);
    expect(built.version).toBe(1);
    const result = importSnapshot(partner, built.bundle);
    expect(result.status).toBe('imported');
    expect(result.diff?.counts).toEqual({ added: 4, changed: 0, removed: 0 });
    const leadId = lead.node.nodeId;
    expect(
      count(partner, 'SELECT count(*) AS n FROM access_grant WHERE owner_node = ?', leadId),
    ).toBe(1);
    expect(count(partner, 'SELECT count(*) AS n FROM dataset WHERE owner_node = ?', leadId)).toBe(
      1,
    );
    expect(
      count(
        partner,
        "SELECT count(*) AS n FROM charter_version WHERE owner_node = ? AND status = 'published'",
        leadId,
      ),
    ).toBe(1);
    expect(
      count(partner, 'SELECT count(*) AS n FROM ledger_entry WHERE type = ?', 'snapshot.imported'),
    ).toBe(1);
    const [peer] = listPeers(partner);
    expect(peer?.lastReceived?.version).toBe(1);
    expect(peer?.replicaCounts.grant).toBe(1);

    // The same envelope again changes nothing.
    const size = partner.ledger.size;
    expect(importSnapshot(partner, built.bundle).status).toBe('already-imported');
    expect(partner.ledger.size).toBe(size);

    // The next snapshot carries a change; the diff names it.
    expect(revokeGrant(lead, { id: grant.id, reason: 'No longer needed' }, accessNow).status).toBe(
      'revoked',
    );
    const second = buildSnapshot(lead, partner.node.nodeId);
    const next = importSnapshot(partner, second.bundle);
    expect(next.diff?.counts).toEqual({ added: 0, changed: 1, removed: 0 });
    expect(next.diff?.changed[0]?.fields).toContain('status');
    // Replaying the ledger gives the same replicas (deep verification).
    const report = verifyWorkspace(partner, { deep: true });
    expect(report.fault).toBeNull();
  });

  it('returns a partner’s endorsement of the published charter to the lead', () => {
    const { lead, partner } = pair();
    expect(charterEndorsements(lead).partners[0]?.endorsedVersion).toBeNull();
    importSnapshot(partner, buildSnapshot(lead, partner.node.nodeId).bundle);
    const charter = partner.sqlite
      .prepare("SELECT id FROM charter_version WHERE owner_node = ? AND status = 'published'")
      .get(lead.node.nodeId) as { id: string };
    endorseCharter(partner, { charterId: charter.id, note: 'Agreed at the March board' });
    importSnapshot(lead, buildSnapshot(partner, lead.node.nodeId).bundle);
    const [acme] = charterEndorsements(lead).partners;
    expect(acme).toMatchObject({ organisation: 'Acme', endorsedVersion: 1, current: true });
  });

  it('refuses an older snapshot after a newer one, and one that skips a version', () => {
    const { lead, partner } = pair();
    const first = buildSnapshot(lead, partner.node.nodeId);
    const second = buildSnapshot(lead, partner.node.nodeId);
    const third = buildSnapshot(lead, partner.node.nodeId);
    expect(thrownCode(() => importSnapshot(partner, second.bundle))).toBe('SNAPSHOT_PREV_MISMATCH');
    importSnapshot(partner, first.bundle);
    importSnapshot(partner, second.bundle);
    expect(thrownCode(() => importSnapshot(partner, first.bundle))).toBe('SNAPSHOT_ROLLBACK');
    expect(importSnapshot(partner, third.bundle).status).toBe('imported');
  });

  it('lets a colleague node grant under the charter its lead published', () => {
    const lead = workspace(leadSetup, 'lead');
    const steward = workspace(
      { organisation: 'Riverton Transit', operator: 'Tomás Ribeiro', roles: ['steward'] },
      'steward',
    );
    expect(getGoverningCharter(steward)).toBeNull();
    pin(lead, steward, { relationship: 'colleague', roles: ['steward'], governs: false });
    pin(steward, lead, { relationship: 'colleague', roles: ['lead'], governs: true });
    importSnapshot(steward, buildSnapshot(lead, steward.node.nodeId).bundle);
    expect(getGoverningCharter(steward)?.ownerNode).toBe(lead.node.nodeId);
    // The steward's own catalog and grants, checked against the lead's charter.
    const { request } = setUpGrantScenario(steward);
    const grant = requestGrant(steward, request, accessNow);
    expect(grant.status).toBe('requested');
  });
});
