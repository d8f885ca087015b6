import { Buffer } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { NodeSetup } from '../../../shared/domain/workspace';
import type { ErrorCode } from '../../../shared/errors';
import { addPrincipal } from '../access/access-commands';
import { revokeGrant } from '../access/grant-steps';
import { execute } from '../commands/execute';
import { nodeKeyName } from '../keys/node-key-file';
import { signCheckpoint, verifyCheckpoint } from '../ledger/checkpoint';
import type { DsseEnvelope } from '../ledger/dsse';
import { consistencyProof } from '../ledger/merkle-tree';
import { parseVerifierKey } from '../ledger/note-keys';
import { toBase64 } from '../ledger/bytes';
import { accessNow } from '../testing/access-setup';
import {
  alarms,
  databaseFingerprint,
  gzipBundle,
  ledgerTypesSince,
  openSnapshot,
  packSnapshot,
  partRecords,
  plainBundle,
  reseal,
  setPart,
  strangerKey,
  useWorkspaceCopies,
  workspaceSigner,
  type DatabaseFingerprint,
} from '../testing/snapshot-tamper';
import { pin, sharingPair, useSyncWorkspaces } from '../testing/sync-setup';
import { thrownCode } from '../testing/thrown-code';
import type { Workspace } from '../workspace/workspace';
import { ENDORSEMENT_PAYLOAD_TYPE } from './endorsements';
import { issueIdentityCard } from './identity-card';
import { listPeers, revokePeer } from './peers';
import { MAX_BUNDLE_BYTES, MAX_ENVELOPE_BYTES, MAX_EXPANDED_BYTES } from './snapshot-bundle';
import { buildSnapshot, sha256Hex } from './snapshot-build';
import { importSnapshot, type ImportOptions } from './snapshot-import';

const DAY = 86_400_000;
const thirdSetup: NodeSetup = {
  organisation: 'Globex',
  operator: 'Hedy Lamarr',
  roles: ['lead', 'steward'],
};

describe('snapshot import threats: each refused with its own code, the database unchanged', () => {
  const workspace = useSyncWorkspaces();
  const copyOf = useWorkspaceCopies();

  /** A lead sharing one approved grant with a partner, each having pinned the other. */
  function pair() {
    const nodes = sharingPair(workspace);
    return { ...nodes, to: nodes.partner.node.nodeId };
  }

  /** The import fails with `code` and leaves every table and the ledger exactly as they were. */
  function expectRefused(
    ws: Workspace,
    bundle: Uint8Array,
    code: ErrorCode,
    options?: ImportOptions,
  ): void {
    const before = databaseFingerprint(ws);
    expect(thrownCode(() => importSnapshot(ws, bundle, options))).toBe(code);
    expect(databaseFingerprint(ws)).toEqual(before);
  }

  /**
   * A fork refusal: exactly one alarm and its ledger entry were added, holding both signed
   * checkpoints; no replica, peer or import record changed.
   */
  function expectForkAlarm(
    ws: Workspace,
    bundle: Uint8Array,
    checkpoints: { previous: string; current: string },
  ): void {
    const before = databaseFingerprint(ws);
    const alarmsBefore = alarms(ws).length;
    expect(thrownCode(() => importSnapshot(ws, bundle))).toBe('SNAPSHOT_FORK');
    const after = databaseFingerprint(ws);
    expect(after.ledgerSize).toBe(before.ledgerSize + 1);
    expect(ledgerTypesSince(ws, before.ledgerSize)).toEqual(['sync.alarm_raised']);
    const unchanged = (fp: DatabaseFingerprint) => {
      const { sync_alarm: _alarm, ...rest } = fp.tables;
      return rest;
    };
    expect(unchanged(after)).toEqual(unchanged(before));
    expect(after.tables.sync_alarm.rows).toBe(before.tables.sync_alarm.rows + 1);
    const raised = alarms(ws);
    expect(raised).toHaveLength(alarmsBefore + 1);
    const alarm = raised.at(-1);
    expect(alarm?.kind).toBe('fork');
    const evidence = JSON.parse(alarm?.evidence ?? '{}') as Record<string, unknown>;
    expect(evidence.previousCheckpoint).toBe(checkpoints.previous);
    expect(evidence.checkpoint).toBe(checkpoints.current);
    // Evidence anyone can check: both checkpoints verify with the issuer's pinned key.
    const { vkey } = ws.sqlite
      .prepare('SELECT vkey FROM peer WHERE node_id = ?')
      .get(alarm?.peer_id) as { vkey: string };
    for (const note of [checkpoints.previous, checkpoints.current]) {
      expect(() => verifyCheckpoint(note, parseVerifierKey(vkey))).not.toThrow();
    }
    expect(listPeers(ws)[0]?.alarms).toBe(raised.length);
  }

  function checkpointOf(bundle: Uint8Array): string {
    return openSnapshot(bundle).manifest.checkpoint;
  }

  /** A change to the lead's ledger that its partner sees: another Acme principal. */
  function addAcmePrincipal(ws: Workspace, name: string): void {
    addPrincipal(
      ws,
      { kind: 'partner-role', name, organisation: 'Acme', tier: 'standard', legalBases: [] },
      accessNow,
    );
  }

  it('forged signature: the manifest re-signed by another node’s key → SNAPSHOT_BAD_SIGNATURE', () => {
    const { lead, partner, to } = pair();
    const other = workspace(thirdSetup, 'other');
    const built = buildSnapshot(lead, to);
    expectRefused(
      partner,
      reseal(openSnapshot(built.bundle), workspaceSigner(other)),
      'SNAPSHOT_BAD_SIGNATURE',
    );
    // A fresh key under the issuer's own key name does no better: the pinned key decides.
    const impostor = strangerKey(nodeKeyName(lead.node.nodeId));
    expectRefused(
      partner,
      reseal(openSnapshot(built.bundle), impostor.sign),
      'SNAPSHOT_BAD_SIGNATURE',
    );
    // Both signatures side by side: the genuine one still verifies, the other is ignored.
    const both = openSnapshot(built.bundle);
    const forged = openSnapshot(reseal(openSnapshot(built.bundle), impostor.sign));
    both.envelope.signatures = [...forged.envelope.signatures, ...both.envelope.signatures];
    expect(importSnapshot(partner, packSnapshot(both)).status).toBe('imported');
  });

  it('unknown issuer: a node this one never pinned → PEER_UNKNOWN', () => {
    const { partner } = pair();
    const stranger = workspace(thirdSetup, 'stranger');
    pin(stranger, partner, { relationship: 'partner', tier: 'standard' });
    expectRefused(partner, buildSnapshot(stranger, partner.node.nodeId).bundle, 'PEER_UNKNOWN');
  });

  it('revoked peer: its snapshots are refused after revokePeer → PEER_REVOKED', () => {
    const { lead, partner, to } = pair();
    const first = buildSnapshot(lead, to);
    const second = buildSnapshot(lead, to);
    importSnapshot(partner, first.bundle);
    revokePeer(partner, lead.node.nodeId, 'Contract ended');
    expectRefused(partner, second.bundle, 'PEER_REVOKED');
    // Even the one already imported: a revoked peer's bundles are not read at all.
    expectRefused(partner, first.bundle, 'PEER_REVOKED');
  });

  it('wrong audience: a snapshot built for B, imported by C who also pinned the issuer → SNAPSHOT_WRONG_AUDIENCE', () => {
    const { lead, partner, to } = pair();
    const other = workspace(thirdSetup, 'other');
    pin(other, lead, { relationship: 'partner', tier: null });
    const forPartner = buildSnapshot(lead, to);
    expectRefused(other, forPartner.bundle, 'SNAPSHOT_WRONG_AUDIENCE');
    expect(importSnapshot(partner, forPartner.bundle).status).toBe('imported');
  });

  it('replay: an older version after a newer one → SNAPSHOT_ROLLBACK', () => {
    const { lead, partner, to } = pair();
    const first = buildSnapshot(lead, to);
    const second = buildSnapshot(lead, to);
    importSnapshot(partner, first.bundle);
    importSnapshot(partner, second.bundle);
    expectRefused(partner, first.bundle, 'SNAPSHOT_ROLLBACK');
  });

  it('a version that skips one, or names another prev → SNAPSHOT_PREV_MISMATCH', () => {
    const { lead, partner, to } = pair();
    const first = buildSnapshot(lead, to);
    const second = buildSnapshot(lead, to);
    const third = buildSnapshot(lead, to);
    importSnapshot(partner, first.bundle);
    expectRefused(partner, third.bundle, 'SNAPSHOT_PREV_MISMATCH');
    // Signed by the issuer and numbered 2, but chained to something other than snapshot 1.
    const rechained = openSnapshot(second.bundle);
    rechained.manifest.prev = sha256Hex(Buffer.from('another snapshot 1'));
    expectRefused(partner, reseal(rechained, workspaceSigner(lead)), 'SNAPSHOT_PREV_MISMATCH');
    const unchained = openSnapshot(second.bundle);
    unchained.manifest.prev = null;
    expectRefused(partner, reseal(unchained, workspaceSigner(lead)), 'SNAPSHOT_PREV_MISMATCH');
    expect(importSnapshot(partner, second.bundle).status).toBe('imported');
  });

  it('expired: issued long ago → SNAPSHOT_EXPIRED', () => {
    const { lead, partner, to } = pair();
    const old = buildSnapshot(lead, to, { now: new Date('2020-01-01T00:00:00Z') });
    expectRefused(partner, old.bundle, 'SNAPSHOT_EXPIRED');
  });

  it('expired: a short validity that has run out → SNAPSHOT_EXPIRED', () => {
    const { lead, partner, to } = pair();
    const brief = buildSnapshot(lead, to, {
      now: new Date(Date.now() - 2 * DAY),
      validityDays: 1,
    });
    expectRefused(partner, brief.bundle, 'SNAPSHOT_EXPIRED');
  });

  it('expired: imported after its expiry → SNAPSHOT_EXPIRED; an imported one then shows as stale', () => {
    const { lead, partner, to } = pair();
    const now = new Date();
    const first = buildSnapshot(lead, to, { now, validityDays: 30 });
    expectRefused(partner, first.bundle, 'SNAPSHOT_EXPIRED', {
      now: new Date(now.getTime() + 31 * DAY),
    });
    importSnapshot(partner, first.bundle, { now });
    expect(listPeers(partner, now)[0]).toMatchObject({
      stale: false,
      lastReceived: { version: 1 },
    });
    expect(listPeers(partner, new Date(now.getTime() + 29 * DAY))[0]?.stale).toBe(false);
    expect(listPeers(partner, new Date(now.getTime() + 30 * DAY))[0]?.stale).toBe(true);
    expect(listPeers(partner, new Date(now.getTime() + 31 * DAY))[0]?.stale).toBe(true);
  });

  it('fork: two different snapshots both numbered 2 → SNAPSHOT_FORK, alarm with both checkpoints', async () => {
    const { lead, partner, to } = pair();
    importSnapshot(partner, buildSnapshot(lead, to).bundle);
    // The issuer's workspace and key, copied after snapshot 1: two histories from here on.
    const twin = await copyOf(lead, 'lead-twin');
    addAcmePrincipal(lead, 'Acme auditors');
    addAcmePrincipal(twin, 'Acme engineers');
    const original = buildSnapshot(lead, to);
    const forked = buildSnapshot(twin, to);
    expect([original.version, forked.version]).toEqual([2, 2]);
    expect(openSnapshot(forked.bundle).manifest.prev).toBe(
      openSnapshot(original.bundle).manifest.prev,
    );
    importSnapshot(partner, original.bundle);
    expectForkAlarm(partner, forked.bundle, {
      previous: checkpointOf(original.bundle),
      current: checkpointOf(forked.bundle),
    });
    // The alarm is evidence, kept; the genuine snapshot stays the one imported.
    expect(listPeers(partner)[0]?.lastReceived?.digest).toBe(original.digest);
  });

  it('fork: a snapshot 2 whose checkpoint does not extend the one in snapshot 1 → SNAPSHOT_FORK (consistency proof fails)', async () => {
    const { lead, partner, to } = pair();
    // Copied before snapshot 1 was issued; the two then record different things.
    const twin = await copyOf(lead, 'lead-twin');
    addAcmePrincipal(lead, 'Acme auditors');
    const first = buildSnapshot(lead, to);
    importSnapshot(partner, first.bundle);
    addAcmePrincipal(twin, 'Acme engineers');
    // The twin takes over the record of snapshot 1 (as a restored table would hold it), so its
    // next snapshot is numbered 2 and chains to 1, with a proof from its own history.
    const sent = lead.sqlite
      .prepare('SELECT * FROM snapshot_sent WHERE peer_id = ? AND version = 1')
      .get(to) as {
      version: number;
      digest: string;
      issued_at: string;
      expires_at: string;
      checkpoint_size: number;
      records: number;
      bytes: number;
    };
    execute(twin, () => ({
      events: [
        {
          type: 'snapshot.issued',
          payload: {
            peer: to,
            version: sent.version,
            digest: sent.digest,
            issuedAt: sent.issued_at,
            expiresAt: sent.expires_at,
            checkpointSize: sent.checkpoint_size,
            records: sent.records,
            bytes: sent.bytes,
          },
        },
      ],
      result: undefined,
    }));
    const forked = buildSnapshot(twin, to);
    const manifest = openSnapshot(forked.bundle).manifest;
    expect(manifest).toMatchObject({ version: 2, prev: first.digest });
    expect(manifest.consistency?.fromSize).toBe(sent.checkpoint_size);
    expectForkAlarm(partner, forked.bundle, {
      previous: checkpointOf(first.bundle),
      current: manifest.checkpoint,
    });
    const [alarm] = alarms(partner);
    expect(alarm?.detail).toContain('does not extend');
  });

  it('fork: a snapshot 2 signed over a shorter (truncated) history → SNAPSHOT_FORK', async () => {
    const { lead, partner, to } = pair();
    const twin = await copyOf(lead, 'lead-twin');
    addAcmePrincipal(lead, 'Acme auditors');
    addAcmePrincipal(lead, 'Acme engineers');
    const first = buildSnapshot(lead, to);
    importSnapshot(partner, first.bundle);
    const firstSize = (
      partner.sqlite.prepare('SELECT checkpoint_size AS n FROM snapshot_received').get() as {
        n: number;
      }
    ).n;
    // Whoever holds the old copy and the key signs snapshot 2 over the shorter ledger.
    const short = twin.checkpoint();
    expect(short.size).toBeLessThan(firstSize);
    const forged = openSnapshot(buildSnapshot(lead, to).bundle);
    forged.manifest.checkpoint = short.note;
    forged.manifest.consistency = { fromSize: firstSize, proof: [] };
    expectForkAlarm(partner, reseal(forged, workspaceSigner(twin)), {
      previous: checkpointOf(first.bundle),
      current: short.note,
    });
    expect(alarms(partner)[0]?.detail).toContain('fewer than');
    // Grown past snapshot 1's size, with a proof that holds for its own history only.
    for (const name of ['Acme interns', 'Acme contractors', 'Acme visitors']) {
      addAcmePrincipal(twin, name);
    }
    const grown = twin.checkpoint();
    expect(grown.size).toBeGreaterThan(firstSize);
    const regrown = openSnapshot(buildSnapshot(lead, to).bundle);
    regrown.manifest.version = 2;
    regrown.manifest.prev = first.digest;
    regrown.manifest.checkpoint = grown.note;
    regrown.manifest.consistency = {
      fromSize: firstSize,
      proof: consistencyProof(firstSize, grown.size, twin.ledger.subtrees).map(toBase64),
    };
    expectForkAlarm(partner, reseal(regrown, workspaceSigner(twin)), {
      previous: checkpointOf(first.bundle),
      current: grown.note,
    });
    expect(alarms(partner)).toHaveLength(2);
  });

  it('mix and match: a part from another snapshot of the same issuer → SNAPSHOT_PART_MISMATCH', () => {
    const { lead, partner, to, grant } = pair();
    const first = buildSnapshot(lead, to);
    revokeGrant(lead, { id: grant.id, reason: 'No longer needed' }, accessNow);
    const second = buildSnapshot(lead, to);
    const swapped = openSnapshot(first.bundle);
    const laterGrants = openSnapshot(second.bundle).parts.get('grant') ?? new Uint8Array();
    expect(Buffer.from(laterGrants).equals(swapped.parts.get('grant') ?? new Uint8Array())).toBe(
      false,
    );
    swapped.parts.set('grant', laterGrants);
    expectRefused(partner, packSnapshot(swapped), 'SNAPSHOT_PART_MISMATCH');
    // A part left out, or one the manifest does not name, is refused the same way.
    const missing = openSnapshot(first.bundle);
    missing.parts.delete('grant');
    expectRefused(partner, packSnapshot(missing), 'SNAPSHOT_PART_MISMATCH');
    const unnamed = openSnapshot(first.bundle);
    unnamed.manifest.parts = unnamed.manifest.parts.filter((part) => part.name !== 'endorsement');
    expectRefused(partner, reseal(unnamed, workspaceSigner(lead)), 'SNAPSHOT_PART_MISMATCH');
    expect(importSnapshot(partner, first.bundle).status).toBe('imported');
  });

  it('payload edited after signing (one base64 character changed) → SNAPSHOT_BAD_SIGNATURE', () => {
    const { lead, partner, to } = pair();
    const opened = openSnapshot(buildSnapshot(lead, to).bundle);
    const payload = opened.envelope.payload;
    const at = Math.floor(payload.length / 2);
    const swap = payload[at] === 'A' ? 'B' : 'A';
    opened.envelope.payload = `${payload.slice(0, at)}${swap}${payload.slice(at + 1)}`;
    expectRefused(partner, packSnapshot(opened), 'SNAPSHOT_BAD_SIGNATURE');
    // Decoded, edited and re-encoded without the key: the same.
    const edited = openSnapshot(buildSnapshot(lead, to).bundle);
    const manifest = Buffer.from(edited.envelope.payload, 'base64')
      .toString('utf8')
      .replace('"version":2', '"version":1');
    edited.envelope.payload = Buffer.from(manifest).toString('base64');
    expectRefused(partner, packSnapshot(edited), 'SNAPSHOT_BAD_SIGNATURE');
  });

  it('signature stripped → SNAPSHOT_UNSIGNED', () => {
    const { lead, partner, to } = pair();
    const opened = openSnapshot(buildSnapshot(lead, to).bundle);
    opened.envelope.signatures = [];
    expectRefused(partner, packSnapshot(opened), 'SNAPSHOT_UNSIGNED');
  });

  it('type confusion: an identity card or an endorsement envelope in place of a snapshot → SNAPSHOT_WRONG_TYPE', () => {
    const { lead, partner, to } = pair();
    const built = buildSnapshot(lead, to);
    const withCard = openSnapshot(built.bundle);
    expectRefused(
      partner,
      packSnapshot({ ...withCard, envelope: Buffer.from(issueIdentityCard(lead).text) }),
      'SNAPSHOT_WRONG_TYPE',
    );
    expectRefused(
      partner,
      reseal(openSnapshot(built.bundle), workspaceSigner(lead), {
        payloadType: ENDORSEMENT_PAYLOAD_TYPE,
      }),
      'SNAPSHOT_WRONG_TYPE',
    );
    // The type beside the payload says snapshot, but the signature was made for another type.
    const relabelled = openSnapshot(
      reseal(openSnapshot(built.bundle), workspaceSigner(lead), {
        payloadType: ENDORSEMENT_PAYLOAD_TYPE,
      }),
    );
    relabelled.envelope.payloadType = openSnapshot(built.bundle).envelope.payloadType;
    expectRefused(partner, packSnapshot(relabelled), 'SNAPSHOT_BAD_SIGNATURE');
  });

  it('key confusion: a manifest naming another key (or issuer), signed by the pinned key → SNAPSHOT_KEY_MISMATCH / SNAPSHOT_ISSUER_MISMATCH', () => {
    const { lead, partner, to } = pair();
    const other = workspace(thirdSetup, 'other');
    const built = buildSnapshot(lead, to);
    const rekeyed = openSnapshot(built.bundle);
    rekeyed.manifest.issuer.vkey = strangerKey(nodeKeyName(lead.node.nodeId)).signer.vkey;
    expectRefused(partner, reseal(rekeyed, workspaceSigner(lead)), 'SNAPSHOT_KEY_MISMATCH');
    const renamed = openSnapshot(built.bundle);
    renamed.manifest.issuer.nodeId = other.node.nodeId;
    expectRefused(partner, reseal(renamed, workspaceSigner(lead)), 'SNAPSHOT_ISSUER_MISMATCH');
  });

  it('algorithm confusion: an `alg` or any other extra field in the envelope → BUNDLE_MALFORMED', () => {
    const { lead, partner, to } = pair();
    const built = buildSnapshot(lead, to);
    const withAlg = openSnapshot(built.bundle);
    expectRefused(
      partner,
      packSnapshot({ ...withAlg, envelope: { ...withAlg.envelope, alg: 'none' } as DsseEnvelope }),
      'BUNDLE_MALFORMED',
    );
    const sigAlg = openSnapshot(built.bundle);
    sigAlg.envelope.signatures = sigAlg.envelope.signatures.map((s) => ({ ...s, alg: 'HS256' }));
    expectRefused(partner, packSnapshot(sigAlg), 'BUNDLE_MALFORMED');
  });

  it('a checkpoint signed by a different key → SNAPSHOT_CHECKPOINT_INVALID', () => {
    const { lead, partner, to } = pair();
    const opened = openSnapshot(buildSnapshot(lead, to).bundle);
    // Same origin, same key name, same tree: only the key differs.
    const impostor = strangerKey(nodeKeyName(lead.node.nodeId));
    opened.manifest.checkpoint = signCheckpoint(
      {
        origin: nodeKeyName(lead.node.nodeId),
        size: lead.ledger.size,
        rootHash: lead.ledger.root(),
      },
      impostor.signer,
    );
    expectRefused(partner, reseal(opened, workspaceSigner(lead)), 'SNAPSHOT_CHECKPOINT_INVALID');
    // The issuer's checkpoint with its text edited after signing (another origin).
    const elsewhere = openSnapshot(buildSnapshot(lead, to).bundle);
    elsewhere.manifest.version = 1;
    elsewhere.manifest.prev = null;
    elsewhere.manifest.consistency = null;
    elsewhere.manifest.checkpoint = lead
      .checkpoint()
      .note.replace(nodeKeyName(lead.node.nodeId), 'concordat/another-log');
    expectRefused(partner, reseal(elsewhere, workspaceSigner(lead)), 'SNAPSHOT_CHECKPOINT_INVALID');
  });

  it('oversize: a file over MAX_BUNDLE_BYTES → BUNDLE_TOO_LARGE, before anything is read', () => {
    const { partner } = pair();
    expectRefused(partner, new Uint8Array(MAX_BUNDLE_BYTES + 1), 'BUNDLE_TOO_LARGE');
  });

  it('oversize: a gzip bomb expanding past MAX_EXPANDED_BYTES → BUNDLE_TOO_LARGE', () => {
    const { partner } = pair();
    // Concatenated gzip members are one stream: ~1 KB each for 1 MiB of zeros, so the bomb is
    // built without ever holding its expansion.
    const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    const members = Math.ceil(MAX_EXPANDED_BYTES / (1024 * 1024)) + 1;
    const bomb = Buffer.concat(Array.from({ length: members }, () => member));
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    expectRefused(partner, bomb, 'BUNDLE_TOO_LARGE');
  });

  it('oversize: section headers declaring more than the caps → BUNDLE_TOO_LARGE', () => {
    const { lead, partner, to } = pair();
    const plain = plainBundle(buildSnapshot(lead, to).bundle).toString('latin1');
    const envelopeHeader = /^envelope \d+$/m;
    expectRefused(
      partner,
      Buffer.from(plain.replace(envelopeHeader, `envelope ${MAX_ENVELOPE_BYTES + 1}`), 'latin1'),
      'BUNDLE_TOO_LARGE',
    );
    expectRefused(
      partner,
      Buffer.from(plain.replace(/^part grant \d+$/m, 'part grant 9999999999'), 'latin1'),
      'BUNDLE_TOO_LARGE',
    );
  });

  it('deeply nested JSON in a part, signed by the issuer → SNAPSHOT_MALFORMED, no stack overflow', () => {
    const { lead, partner, to } = pair();
    const built = buildSnapshot(lead, to);
    const depth = 200_000;
    const nested = openSnapshot(built.bundle);
    setPart(nested, 'grant', `${'['.repeat(depth)}${']'.repeat(depth)}`);
    expectRefused(partner, reseal(nested, workspaceSigner(lead)), 'SNAPSHOT_MALFORMED');
    const inRecord = openSnapshot(built.bundle);
    const [record] = partRecords(inRecord, 'principal');
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    setPart(
      inRecord,
      'principal',
      `[${JSON.stringify(record).replace(/"name":"[^"]*"/, `"name":${deep}`)}]`,
    );
    expectRefused(partner, reseal(inRecord, workspaceSigner(lead)), 'SNAPSHOT_MALFORMED');
    // And in the envelope, which is parsed before any signature is checked.
    const envelope = openSnapshot(built.bundle);
    expectRefused(
      partner,
      packSnapshot({
        ...envelope,
        envelope: Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`),
      }),
      'BUNDLE_MALFORMED',
    );
  });

  it('huge JSON in a part, signed by the issuer → SNAPSHOT_MALFORMED', () => {
    const { lead, partner, to } = pair();
    const built = buildSnapshot(lead, to);
    const long = openSnapshot(built.bundle);
    const [record] = partRecords(long, 'principal');
    setPart(long, 'principal', [{ ...record, name: 'x'.repeat(4 * 1024 * 1024) }]);
    expectRefused(partner, reseal(long, workspaceSigner(lead)), 'SNAPSHOT_MALFORMED');
  });

  it('a part of 150,000 records, then a bad one → SNAPSHOT_MALFORMED, never a stack overflow', () => {
    const { lead, partner, to } = pair();
    const opened = openSnapshot(buildSnapshot(lead, to).bundle);
    const owner = lead.node.nodeId;
    // Every principal valid (short values keep the part small), so the whole part is read.
    const principals = Array.from({ length: 150_000 }, (_, i) => ({
      id: i.toString(36),
      owner_node: owner,
      kind: 'k',
      name: 'n',
      organisation: 'o',
      tier: null,
      legal_bases: '[]',
      created_at: 'c',
      updated_at: 'u',
      version: 1,
    }));
    setPart(opened, 'principal', principals);
    setPart(opened, 'grant', []);
    setPart(opened, 'endorsement', [
      {
        id: 'e',
        owner_node: owner,
        charter_owner: partner.node.nodeId,
        charter_id: 'c',
        charter_version: 1,
        content_digest: 'd',
        endorsed_by: 'b',
        endorsed_at: 'a',
        note: '',
        statement: '{}',
      },
    ]);
    expectRefused(partner, reseal(opened, workspaceSigner(lead)), 'SNAPSHOT_MALFORMED');
  });

  it('duplicate and __proto__ keys in a record → SNAPSHOT_MALFORMED, Object.prototype untouched', () => {
    const { lead, partner, to } = pair();
    const built = buildSnapshot(lead, to);
    const [record] = partRecords(openSnapshot(built.bundle), 'principal');
    const json = JSON.stringify(record);
    const variants = [
      // The same key twice: JSON.parse would keep the second.
      json.replace(/^\{/, '{"owner_node":"someone-else",'),
      json.replace(/^\{/, '{"\\u006fwner_node":"someone-else",'),
      json.replace(/^\{/, '{"__proto__":{"polluted":"yes"},'),
      json.replace(/^\{/, '{"__proto__":null,'),
      json.replace(/^\{/, '{"constructor":{"prototype":{"polluted":"yes"}},'),
    ];
    for (const variant of variants) {
      const opened = openSnapshot(built.bundle);
      setPart(opened, 'principal', `[${variant}]`);
      expectRefused(partner, reseal(opened, workspaceSigner(lead)), 'SNAPSHOT_MALFORMED');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('a part name that tries to be a path or an object key → BUNDLE_MALFORMED', () => {
    const { lead, partner, to } = pair();
    const plain = plainBundle(buildSnapshot(lead, to).bundle).toString('latin1');
    for (const name of [
      '../../etc/passwd',
      '/etc/passwd',
      '..\\..\\x',
      '__proto__',
      'constructor',
    ]) {
      const bytes = Buffer.from(plain.replace(/^end\n$/m, `part ${name} 2\n[]\nend\n`), 'latin1');
      expectRefused(partner, bytes, 'BUNDLE_MALFORMED');
      expectRefused(partner, gzipBundle(bytes), 'BUNDLE_MALFORMED');
    }
    expectRefused(
      partner,
      Buffer.from(plain.replace(/^part grant (\d+)$/m, 'part ../../etc/passwd 3'), 'latin1'),
      'BUNDLE_MALFORMED',
    );
  });

  it('a record claiming the id of a row this node (or another peer) owns → SNAPSHOT_MALFORMED', () => {
    const { lead, partner, to } = pair();
    const own = addPrincipal(
      partner,
      {
        kind: 'partner-role',
        name: 'Riverton liaison',
        organisation: 'Riverton Transit',
        tier: 'standard',
        legalBases: [],
      },
      accessNow,
    );
    const built = buildSnapshot(lead, to);
    const opened = openSnapshot(built.bundle);
    const [record] = partRecords(opened, 'principal');
    setPart(opened, 'principal', [{ ...record, id: own.id }]);
    setPart(opened, 'grant', []);
    expectRefused(partner, reseal(opened, workspaceSigner(lead)), 'SNAPSHOT_MALFORMED');
    expect(
      partner.sqlite.prepare('SELECT owner_node FROM principal WHERE id = ?').get(own.id),
    ).toEqual({ owner_node: partner.node.nodeId });
    // Nor a replica another peer sent.
    const other = workspace(thirdSetup, 'other');
    pin(other, partner, { relationship: 'partner', tier: 'standard' });
    pin(partner, other, { relationship: 'partner', tier: null });
    addAcmePrincipal(other, 'Acme via Globex');
    importSnapshot(partner, buildSnapshot(other, to).bundle);
    const [theirs] = partRecords(openSnapshot(buildSnapshot(other, to).bundle), 'principal');
    expect(theirs?.owner_node).toBe(other.node.nodeId);
    const takeover = openSnapshot(built.bundle);
    setPart(takeover, 'principal', [{ ...record, id: theirs?.id ?? '' }]);
    setPart(takeover, 'grant', []);
    expectRefused(partner, reseal(takeover, workspaceSigner(lead)), 'SNAPSHOT_MALFORMED');
    // A record said to be owned by another node is refused too.
    const foreign = openSnapshot(built.bundle);
    setPart(foreign, 'principal', [{ ...record, owner_node: partner.node.nodeId }]);
    expectRefused(partner, reseal(foreign, workspaceSigner(lead)), 'SNAPSHOT_MALFORMED');
  });
});
