import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeSetup } from '../../../../shared/domain/workspace';
import type { PeerTerms } from '../../../../shared/domain/sync';
import {
  addPrincipal,
  approveGrants,
  requestGrant,
  requestGrants,
} from '../../access/access-commands';
import { revokeGrant } from '../../access/grant-steps';
import { createDatasets } from '../../catalog/catalog-commands';
import { issueIdentityCard } from '../../sync/identity-card';
import { rotateNodeKey } from '../../sync/key-rotation';
import { addPeer } from '../../sync/peers';
import { buildSnapshot } from '../../sync/snapshot-build';
import { publishOpenCharter, sampleDraft } from '../../testing/charter-setup';
import { Workspace } from '../../workspace/workspace';
import { crashKeyProtection, type FixtureManifest, fixtureFiles } from './crash-protocol';

const homeSetup: NodeSetup = {
  organisation: 'Riverton Transit',
  operator: 'Ada Lovelace',
  roles: ['lead', 'steward'],
};
const peerSetup: NodeSetup = {
  organisation: 'Acme',
  operator: 'Grace Hopper',
  roles: ['lead', 'steward'],
};
const partnerTerms: PeerTerms = { relationship: 'partner', tier: 'standard' };

/** `host` pins `peer` from its card, as an operator does after comparing fingerprints. */
function pin(host: Workspace, peer: Workspace): void {
  const card = issueIdentityCard(peer);
  addPeer(host, { card: card.text, fingerprint: card.fingerprint, terms: partnerTerms });
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function requestsFor(principals: string[], datasets: string[], justification: string) {
  const start = today();
  const until = new Date(Date.parse(start) + 60 * 86_400_000).toISOString().slice(0, 10);
  return datasets.map((datasetId, i) => ({
    principalId: principals[i % principals.length] ?? '',
    datasetId,
    level: 'read',
    purpose: 'dpv:ServiceProvision',
    start,
    until,
    justification,
  }));
}

/**
 * The shared fixtures of a crash run, built once: a template workspace (the node every lane
 * copies, with a published charter, some datasets, principals and grants, and a pinned peer)
 * and `snapshots` consecutive snapshots that peer addressed to it, each adding datasets,
 * principals and grants shared with the template's organisation, revoking some, and one of
 * them carrying a rotation of the peer's key.
 */
export function buildCrashFixtures(dir: string, snapshots = 8): FixtureManifest {
  const home = Workspace.create(join(dir, fixtureFiles.template), homeSetup, {
    keyProtection: crashKeyProtection,
  });
  const peer = Workspace.create(join(dir, 'peer.concordat'), peerSetup, {
    keyProtection: crashKeyProtection,
  });
  try {
    publishOpenCharter(home);
    publishOpenCharter(peer);
    pin(home, peer);
    pin(peer, home);

    const datasets = createDatasets(
      home,
      Array.from({ length: 30 }, (_, i) =>
        sampleDraft({ identifier: `base-${String(i)}`, title: `Base dataset ${String(i)}` }),
      ),
    ).map((dataset) => dataset.id);
    const principals = ['North', 'South', 'East'].map(
      (name) =>
        addPrincipal(home, {
          kind: 'partner-role',
          name: `${name} analysts`,
          organisation: 'Acme',
          tier: 'standard',
          legalBases: [],
        }).id,
    );
    for (const request of requestsFor(principals, datasets.slice(0, 6), 'Single request')) {
      requestGrant(home, request);
    }

    const peerPrincipals: string[] = [];
    for (let version = 1; version <= snapshots; version++) {
      const added = createDatasets(
        peer,
        Array.from({ length: 40 }, (_, i) =>
          sampleDraft({
            identifier: `shared-${String(version)}-${String(i)}`,
            title: `Shared dataset ${String(version)}.${String(i)}`,
          }),
        ),
      ).map((dataset) => dataset.id);
      peerPrincipals.push(
        addPrincipal(peer, {
          kind: 'partner-role',
          name: `Riverton team ${String(version)}`,
          organisation: homeSetup.organisation,
          tier: 'standard',
          legalBases: [],
        }).id,
      );
      const grants = requestGrants(
        peer,
        requestsFor(peerPrincipals, [...added, ...added], `Shared in snapshot ${String(version)}`),
      );
      approveGrants(peer, grants.slice(0, 60));
      for (const id of grants.slice(60, 70)) revokeGrant(peer, { id, reason: 'Turned down' });
      if (version === Math.ceil(snapshots / 2)) rotateNodeKey(peer, crashKeyProtection);
      const built = buildSnapshot(peer, home.node.nodeId, { validityDays: 3650 });
      writeFileSync(join(dir, fixtureFiles.snapshot(version)), built.bundle);
    }

    const manifest: FixtureManifest = {
      nodeId: home.node.nodeId,
      peerId: peer.node.nodeId,
      snapshots,
    };
    writeFileSync(join(dir, fixtureFiles.manifest), JSON.stringify(manifest));
    return manifest;
  } finally {
    home.close();
    peer.close();
  }
}
