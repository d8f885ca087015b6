import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { NodeSetup } from '../../../shared/domain/workspace';
import type { PeerTerms } from '../../../shared/domain/sync';
import { Workspace } from '../workspace/workspace';
import { issueIdentityCard } from '../sync/identity-card';
import { addPeer } from '../sync/peers';
import { approveGrant, requestGrant } from '../access/access-commands';
import { accessNow, setUpGrantScenario } from './access-setup';
import { publishOpenCharter } from './charter-setup';
import { useTempDir } from './temp-dir';

export const syncPassphrase = { kind: 'passphrase', passphrase: 'sync-test-passphrase' } as const;

export const leadSetup: NodeSetup = {
  organisation: 'Riverton Transit',
  operator: 'Ada Lovelace',
  roles: ['lead', 'steward'],
};
export const partnerSetup: NodeSetup = {
  organisation: 'Acme',
  operator: 'Grace Hopper',
  roles: ['lead', 'steward'],
};

/** Keyed workspaces (snapshots are signed) in temp dirs, closed after each test. */
export function useSyncWorkspaces(): (setup: NodeSetup, name?: string) => Workspace {
  const tempDir = useTempDir();
  const open: Workspace[] = [];
  afterEach(() => {
    for (const ws of open.splice(0)) ws.close();
  });
  return (setup, name = 'node') => {
    const path = join(tempDir(), `${name}.concordat`);
    const ws = Workspace.create(path, setup, { keyProtection: syncPassphrase });
    open.push(ws);
    if (ws.actor.roles.includes('lead')) publishOpenCharter(ws);
    return ws;
  };
}

/** `host` pins `peer` from its card, as an operator does after comparing fingerprints. */
export function pin(host: Workspace, peer: Workspace, terms: PeerTerms): void {
  const card = issueIdentityCard(peer);
  addPeer(host, { card: card.text, fingerprint: card.fingerprint, terms });
}

/** A lead sharing one approved grant with a partner (Acme), each having pinned the other. */
export function sharingPair(workspace: (setup: NodeSetup, name?: string) => Workspace) {
  const lead = workspace(leadSetup, 'lead');
  const partner = workspace(partnerSetup, 'partner');
  pin(lead, partner, { relationship: 'partner', tier: 'standard' });
  pin(partner, lead, { relationship: 'partner', tier: null });
  const { request } = setUpGrantScenario(lead);
  const grant = requestGrant(lead, request, accessNow);
  approveGrant(lead, { id: grant.id }, accessNow);
  return { lead, partner, grant };
}
