import { copyFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keyFingerprint } from '../keys/key-fingerprint';
import { pendingKeyPath } from '../keys/key-swap';
import { keyFilePath } from '../keys/node-key-file';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import {
  leadSetup,
  partnerSetup,
  pin,
  syncPassphrase,
  useSyncWorkspaces,
} from '../testing/sync-setup';
import { thrownCode } from '../testing/thrown-code';
import { Workspace } from '../workspace/workspace';
import { rotateNodeKey } from './key-rotation';
import { findPeer } from './peers';
import { buildSnapshot } from './snapshot-build';
import { decodeBundle, encodeBundle } from './snapshot-bundle';
import { importSnapshot } from './snapshot-import';

describe('rotating a node key', () => {
  const workspace = useSyncWorkspaces();

  function pair() {
    const lead = workspace(leadSetup, 'lead');
    const partner = workspace(partnerSetup, 'partner');
    pin(partner, lead, { relationship: 'partner', tier: null });
    pin(lead, partner, { relationship: 'partner', tier: 'standard' });
    return { lead, partner };
  }

  it('keeps the ledger verifiable and survives reopening with the new key', () => {
    const { lead } = pair();
    const before = lead.registeredVkey();
    const rotated = rotateNodeKey(lead, syncPassphrase);
    expect(rotated.vkey).not.toBe(before);
    expect(lead.registeredVkey()).toBe(rotated.vkey);
    expect(verifyWorkspace(lead, { deep: true }).fault).toBeNull();
    const path = lead.path;
    lead.close();
    const reopened = Workspace.open(path, { keyProtection: syncPassphrase });
    try {
      expect(reopened.isUnlocked).toBe(true);
      expect(reopened.checkpoint().note).toContain(lead.node.nodeId);
      expect(verifyWorkspace(reopened).fault).toBeNull();
    } finally {
      reopened.close();
    }
  });

  it('moves the partner’s pin through the statement carried in the next snapshot', () => {
    const { lead, partner } = pair();
    importSnapshot(partner, buildSnapshot(lead, partner.node.nodeId).bundle);
    const rotated = rotateNodeKey(lead, syncPassphrase);
    importSnapshot(partner, buildSnapshot(lead, partner.node.nodeId).bundle);
    const peer = findPeer(partner, lead.node.nodeId);
    expect(peer?.vkey).toBe(rotated.vkey);
    expect(peer?.fingerprint).toBe(keyFingerprint(rotated.vkey));
    const keys = partner.sqlite.prepare('SELECT count(*) FROM peer_key WHERE peer_id = ?').pluck();
    expect(keys.get(lead.node.nodeId)).toBe(2);
    // Later snapshots, signed by the new key, still carry the old statement; it is skipped.
    expect(importSnapshot(partner, buildSnapshot(lead, partner.node.nodeId).bundle).status).toBe(
      'imported',
    );
    expect(verifyWorkspace(partner, { deep: true }).fault).toBeNull();
  });

  it('refuses a snapshot signed by a new key without the statement the pinned key signed', () => {
    const { lead, partner } = pair();
    rotateNodeKey(lead, syncPassphrase);
    const bundle = decodeBundle(buildSnapshot(lead, partner.node.nodeId).bundle);
    const stripped = encodeBundle({ ...bundle, rotations: [] });
    const size = partner.ledger.size;
    expect(thrownCode(() => importSnapshot(partner, stripped))).toBe('SNAPSHOT_BAD_SIGNATURE');
    expect(partner.ledger.size).toBe(size);
  });

  it('finishes a rotation interrupted after its ledger entry on the next unlock', () => {
    const { lead } = pair();
    const path = lead.path;
    const oldKey = `${path}.old-key`;
    copyFileSync(keyFilePath(path), oldKey);
    const rotated = rotateNodeKey(lead, syncPassphrase);
    lead.close();
    // As if the process died between the ledger entry and the swap: old key in place, new pending.
    copyFileSync(keyFilePath(path), pendingKeyPath(path));
    copyFileSync(oldKey, keyFilePath(path));
    const reopened = Workspace.open(path, { keyProtection: syncPassphrase });
    try {
      expect(reopened.isUnlocked).toBe(true);
      expect(reopened.registeredVkey()).toBe(rotated.vkey);
      expect(existsSync(pendingKeyPath(path))).toBe(false);
    } finally {
      reopened.close();
    }
  });
});
