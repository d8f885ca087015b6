import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { SnapshotImportResult, SnapshotRecordKind } from '../../../shared/domain/sync';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { requirePermission } from '../commands/authorise';
import { execute } from '../commands/execute';
import type { DomainEvent } from '../commands/events';
import type { ReplicaRow } from '../commands/sync-events';
import { issuesOf } from '../errors/parse-or-refuse';
import { keyFingerprint } from '../keys/key-fingerprint';
import { bytesEqual, fromBase64 } from '../ledger/bytes';
import { parseCanonicalJson } from '../ledger/canonical-json';
import { verifyCheckpoint, type Checkpoint } from '../ledger/checkpoint';
import { verifyDsse, type DsseEnvelope } from '../ledger/dsse';
import { verifyConsistency } from '../ledger/merkle-verify';
import { parseVerifierKey, type NoteVerifier } from '../ledger/note-keys';
import {
  parseJsonStrict,
  parseJsonStrictWithItems,
  type JsonWithItems,
} from '../ledger/strict-json';
import type { Workspace } from '../workspace/workspace';
import { endorsementStatementHolds } from './endorsements';
import { followRotations } from './key-rotation';
import { findPeer, type PeerRow } from './peers';
import { replicaTables, snapshotParts } from './replica-tables';
import { strictEnvelopeSchema } from './dsse-envelope';
import { decodeBundle, MAX_ENVELOPE_BYTES } from './snapshot-bundle';
import { sha256Hex } from './snapshot-build';
import { diffReplicas, replicaEvents, type IncomingRecord } from './snapshot-diff';
import {
  SNAPSHOT_PAYLOAD_TYPE,
  snapshotManifestSchema,
  snapshotRecordCheck,
  snapshotRecordSchema,
  type SnapshotManifest,
} from './snapshot-manifest';

function reject(code: ErrorCode, message: string, cause?: unknown): AppError {
  return new AppError(code, message, undefined, cause === undefined ? undefined : { cause });
}

const envelopeSchema = strictEnvelopeSchema(MAX_ENVELOPE_BYTES);

function readEnvelope(bytes: Uint8Array): DsseEnvelope {
  let value: unknown;
  try {
    value = parseJsonStrict(bytes, { maxDepth: 4 });
  } catch (error) {
    throw reject('BUNDLE_MALFORMED', 'The signed manifest is not well-formed JSON.', error);
  }
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) {
    throw reject('BUNDLE_MALFORMED', 'The signed manifest is not a DSSE envelope.');
  }
  if (parsed.data.signatures.length === 0) {
    throw reject('SNAPSHOT_UNSIGNED', 'The snapshot carries no signature; it is refused.');
  }
  if (parsed.data.payloadType !== SNAPSHOT_PAYLOAD_TYPE) {
    throw reject(
      'SNAPSHOT_WRONG_TYPE',
      `The envelope holds ${JSON.stringify(parsed.data.payloadType.slice(0, 80))}, not a Concordat snapshot.`,
    );
  }
  return parsed.data;
}

/** Verifies with the pinned key; the algorithm is the pinned key's, never the bundle's. */
function verifySigned(envelope: DsseEnvelope, peer: PeerRow): Uint8Array {
  const verifier = parseVerifierKey(peer.vkey);
  try {
    return verifyDsse(envelope, verifier, SNAPSHOT_PAYLOAD_TYPE);
  } catch (error) {
    throw reject(
      'SNAPSHOT_BAD_SIGNATURE',
      `The snapshot's signature does not verify with the key pinned for ${peer.organisation} (${peer.fingerprint}). It was altered, or not made by them.`,
      error,
    );
  }
}

function readManifest(payload: Uint8Array): SnapshotManifest {
  let value: unknown;
  try {
    value = parseCanonicalJson(payload, { maxDepth: 6 });
  } catch (error) {
    throw reject('SNAPSHOT_MALFORMED', 'The signed manifest is not canonical JSON.', error);
  }
  const parsed = snapshotManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = issuesOf(parsed.error)[0];
    throw reject(
      'SNAPSHOT_MALFORMED',
      `The signed manifest is not a snapshot manifest (${issue?.path || 'manifest'}: ${issue?.message ?? 'invalid'}).`,
    );
  }
  return parsed.data;
}

interface LastReceived {
  version: number;
  digest: string;
  checkpoint: string;
  checkpoint_size: number;
  /** JSON: the name and digest of each part that snapshot carried. */
  parts: string;
}

function verifyIssuerCheckpoint(
  manifest: SnapshotManifest,
  verifiers: NoteVerifier | NoteVerifier[],
): Checkpoint {
  const origin = (Array.isArray(verifiers) ? verifiers[0] : verifiers)?.name;
  try {
    return verifyCheckpoint(manifest.checkpoint, verifiers, { origin }).checkpoint;
  } catch (error) {
    throw reject(
      'SNAPSHOT_CHECKPOINT_INVALID',
      "The snapshot's checkpoint is not signed by the issuer's pinned key.",
      error,
    );
  }
}

/** Why the new checkpoint cannot extend the last one seen, or null when it does. */
function inconsistency(
  manifest: SnapshotManifest,
  current: Checkpoint,
  previous: Checkpoint,
): string | null {
  if (current.size < previous.size) {
    return `its ledger has ${current.size} entries, fewer than the ${previous.size} it signed before`;
  }
  const consistency = manifest.consistency;
  if (!consistency || consistency.fromSize !== previous.size) {
    return `it carries no consistency proof from the ${previous.size}-entry checkpoint received before`;
  }
  let proof: Uint8Array[];
  try {
    proof = consistency.proof.map(fromBase64);
  } catch {
    return 'its consistency proof is not base64';
  }
  const ok =
    current.size === previous.size
      ? bytesEqual(current.rootHash, previous.rootHash)
      : verifyConsistency(previous.size, current.size, proof, previous.rootHash, current.rootHash);
  return ok ? null : 'its checkpoint does not extend the one received before';
}

function readPart(kind: SnapshotRecordKind, bytes: Uint8Array, issuer: string): IncomingRecord[] {
  let parsed: JsonWithItems;
  try {
    parsed = parseJsonStrictWithItems(bytes, { maxDepth: 3 });
  } catch (error) {
    throw reject('SNAPSHOT_MALFORMED', `The ${kind} part is not well-formed JSON.`, error);
  }
  const { value, text, items } = parsed;
  if (!Array.isArray(value) || !items) {
    throw reject('SNAPSHOT_MALFORMED', `The ${kind} part is not a list.`);
  }
  const check = snapshotRecordCheck(kind);
  const schema = snapshotRecordSchema(kind);
  const seen = new Set<string>();
  const records: IncomingRecord[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const item = value[i];
    let row: ReplicaRow;
    // What the quick check passes, the schema would return unchanged (same keys, same order).
    let asSent = false;
    if (check(item)) {
      row = item;
      asSent = true;
    } else {
      const result = schema.safeParse(item);
      if (!result.success) {
        const issue = issuesOf(result.error)[0];
        throw reject(
          'SNAPSHOT_MALFORMED',
          `Record ${i + 1} of the ${kind} part is invalid (${issue?.path || 'record'}: ${issue?.message ?? 'invalid'}).`,
        );
      }
      row = result.data;
    }
    const id = row.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 100) {
      throw reject('SNAPSHOT_MALFORMED', `Record ${i + 1} of the ${kind} part has no valid id.`);
    }
    if (row.owner_node !== issuer) {
      throw reject(
        'SNAPSHOT_MALFORMED',
        `Record ${id} of the ${kind} part is owned by another node; a snapshot carries only its issuer's records.`,
      );
    }
    if (seen.has(id)) throw reject('SNAPSHOT_MALFORMED', `Record ${id} appears twice.`);
    seen.add(id);
    // The digest is over JSON.stringify(row). A record sent with its keys in column order (as
    // the check found) and written as JSON.stringify writes (as the parser found) is that text
    // already: what every snapshot Concordat builds holds.
    const span = items[i];
    const json =
      asSent && span?.stringified ? text.slice(span.start, span.end) : JSON.stringify(row);
    records.push({
      kind,
      id,
      row,
      digest: sha256Hex(json),
      bytes: Buffer.byteLength(json, 'utf8'),
    });
  }
  return records;
}

/**
 * The parts that are byte for byte (by the digest the manifest signs and the bundle was just
 * checked against) the same part the last snapshot imported from this peer carried. Their
 * records are exactly the replicas that import left, so they are neither parsed nor compared
 * again. Endorsements are always read: their statements are checked with the key pinned now,
 * which a rotation since may have changed.
 */
function unchangedParts(
  manifest: SnapshotManifest,
  last: LastReceived | undefined,
): Set<SnapshotRecordKind> {
  const unchanged = new Set<SnapshotRecordKind>();
  if (!last) return unchanged;
  let previous: unknown;
  try {
    previous = JSON.parse(last.parts);
  } catch {
    return unchanged;
  }
  if (!Array.isArray(previous)) return unchanged;
  const digests = new Map<unknown, unknown>();
  for (const part of previous as unknown[]) {
    if (typeof part === 'object' && part !== null) {
      const { name, digest } = part as { name?: unknown; digest?: unknown };
      digests.set(name, digest);
    }
  }
  for (const part of manifest.parts) {
    if (part.name !== 'endorsement' && digests.get(part.name) === part.digest) {
      unchanged.add(part.name);
    }
  }
  return unchanged;
}

export interface ImportOptions {
  now?: Date;
}

/**
 * Imports a snapshot bundle, running every check of ARCHITECTURE.md §4 in its order before
 * anything is written, then applying the records and `snapshot.imported` in one transaction.
 * Each refusal has its own code and writes nothing, except a fork, which raises an alarm (the
 * two signed checkpoints, kept as evidence) and still imports nothing.
 */
export function importSnapshot(
  ws: Workspace,
  bytes: Uint8Array,
  options: ImportOptions = {},
): SnapshotImportResult {
  requirePermission(ws.actor, 'snapshot.import', 'Importing a snapshot');
  ws.assertWritable();
  const now = options.now ?? new Date();

  // Size caps and the container.
  const bundle = decodeBundle(bytes);
  // The envelope, then the signature with the issuer's pinned key, before the payload is read.
  const envelope = readEnvelope(bundle.envelope);
  const peer = findPeer(ws, bundle.issuer);
  if (!peer) {
    throw reject(
      'PEER_UNKNOWN',
      `The snapshot comes from node ${bundle.issuer}, which is not a peer of this node. Add it from its identity card first.`,
    );
  }
  if (peer.status === 'revoked') {
    throw reject(
      'PEER_REVOKED',
      `${peer.organisation} was revoked as a peer (${peer.revoke_reason ?? ''}); its snapshots are refused.`,
    );
  }
  // Key rotations first: each signed by the key trusted before it, from the pinned one on.
  const knownKeys = peerKeys(ws, peer.node_id);
  const rotation = followRotations(peer, knownKeys, bundle.rotations);
  const pinnedPeer: PeerRow = { ...peer, vkey: rotation.pinned };
  const payload = verifySigned(envelope, pinnedPeer);
  const manifest = readManifest(payload);
  if (manifest.issuer.nodeId !== peer.node_id) {
    throw reject(
      'SNAPSHOT_ISSUER_MISMATCH',
      `The manifest names ${manifest.issuer.nodeId} as issuer, but the bundle claims ${peer.node_id}.`,
    );
  }
  if (manifest.issuer.vkey !== pinnedPeer.vkey) {
    throw reject(
      'SNAPSHOT_KEY_MISMATCH',
      `The manifest names a key other than the one pinned for ${peer.organisation}; it is refused.`,
    );
  }
  const digest = sha256Hex(payload);
  const last = ws.sqlite
    .prepare(
      'SELECT version, digest, checkpoint, checkpoint_size, parts FROM snapshot_received WHERE peer_id = ? ORDER BY version DESC LIMIT 1',
    )
    .get(peer.node_id) as LastReceived | undefined;
  if (last?.digest === digest) {
    return {
      status: 'already-imported',
      peer: peer.node_id,
      organisation: peer.organisation,
      version: manifest.version,
      digest,
      diff: null,
    };
  }
  if (manifest.audience !== ws.node.nodeId) {
    throw reject(
      'SNAPSHOT_WRONG_AUDIENCE',
      `This snapshot was issued for node ${manifest.audience}, not this one (${ws.node.nodeId}).`,
    );
  }
  const lastVersion = last?.version ?? 0;
  if (manifest.version <= lastVersion) {
    const seen = ws.sqlite
      .prepare('SELECT digest, checkpoint FROM snapshot_received WHERE peer_id = ? AND version = ?')
      .get(peer.node_id, manifest.version) as { digest: string; checkpoint: string } | undefined;
    if (seen && seen.digest !== digest) {
      // Both signed checkpoints, as for a fork the consistency proof reveals.
      raiseForkAlarm(ws, peer, `two different snapshots both numbered ${manifest.version}`, {
        version: manifest.version,
        importedDigest: seen.digest,
        otherDigest: digest,
        previousCheckpoint: seen.checkpoint,
        checkpoint: manifest.checkpoint,
      });
      throw reject(
        'SNAPSHOT_FORK',
        `${peer.organisation} signed two different snapshots numbered ${manifest.version}. An alarm was raised; nothing was imported.`,
      );
    }
    throw reject(
      'SNAPSHOT_ROLLBACK',
      `This is snapshot ${manifest.version} from ${peer.organisation}; ${lastVersion} was already imported. An older snapshot is never applied over a newer one.`,
    );
  }
  if (manifest.version !== lastVersion + 1 || manifest.prev !== (last?.digest ?? null)) {
    throw reject(
      'SNAPSHOT_PREV_MISMATCH',
      `Snapshot ${manifest.version} from ${peer.organisation} does not follow the last one imported (${lastVersion}); import the snapshots in between first.`,
    );
  }
  if (Date.parse(manifest.expiresAt) <= now.getTime()) {
    throw reject(
      'SNAPSHOT_EXPIRED',
      `Snapshot ${manifest.version} from ${peer.organisation} expired on ${manifest.expiresAt}; ask them for a current one. What was imported before is shown as of its date.`,
    );
  }
  const verifier = parseVerifierKey(pinnedPeer.vkey);
  const checkpoint = verifyIssuerCheckpoint(manifest, verifier);
  if (last) {
    // The previous checkpoint may be signed by a key the peer has since rotated away from.
    const previous = verifyIssuerCheckpoint(
      { ...manifest, checkpoint: last.checkpoint },
      [...knownKeys].map(parseVerifierKey),
    );
    const why = inconsistency(manifest, checkpoint, previous);
    if (why !== null) {
      raiseForkAlarm(ws, peer, why, {
        version: manifest.version,
        previousCheckpoint: last.checkpoint,
        checkpoint: manifest.checkpoint,
        digest,
      });
      throw reject(
        'SNAPSHOT_FORK',
        `${peer.organisation}'s ledger history forked: ${why}. An alarm was raised with both signed checkpoints; nothing was imported.`,
      );
    }
  }

  // Parts: exactly those the manifest names, each with its digest, then strictly parsed.
  const incoming: IncomingRecord[] = [];
  const named = new Set(manifest.parts.map((part) => part.name));
  for (const kind of bundle.parts.keys()) {
    if (!named.has(kind)) {
      throw reject(
        'SNAPSHOT_PART_MISMATCH',
        `The bundle carries a ${kind} part the manifest does not name.`,
      );
    }
  }
  for (const part of manifest.parts) {
    const partBytes = bundle.parts.get(part.name);
    if (!partBytes || partBytes.byteLength !== part.bytes || sha256Hex(partBytes) !== part.digest) {
      throw reject(
        'SNAPSHOT_PART_MISMATCH',
        `The ${part.name} part is not the one the signed manifest names (it was swapped or altered).`,
      );
    }
  }
  const unchanged = unchangedParts(manifest, last);
  for (const kind of snapshotParts) {
    const partBytes = bundle.parts.get(kind);
    // One at a time: spreading a part of 150,000 records into push() overflows the stack.
    if (partBytes && !unchanged.has(kind)) {
      for (const record of readPart(kind, partBytes, peer.node_id)) incoming.push(record);
    }
  }
  for (const record of incoming) {
    if (record.kind === 'endorsement' && !endorsementStatementHolds(record.row, verifier)) {
      throw reject(
        'SNAPSHOT_MALFORMED',
        `Endorsement ${record.id} does not carry a statement ${peer.organisation} signed for it.`,
      );
    }
  }
  requireOwnIds(ws, peer, incoming);

  const diff = diffReplicas(ws, peer.node_id, incoming, unchanged);
  const at = now.toISOString();
  const events: DomainEvent[] = [
    ...rotation.advances.map((advance): DomainEvent => ({
      type: 'peer.key_rotated',
      payload: {
        nodeId: peer.node_id,
        vkey: advance.vkey,
        fingerprint: keyFingerprint(advance.vkey),
        statement: advance.statement,
        at: now.toISOString(),
      },
    })),
    ...replicaEvents(peer.node_id, manifest.version, diff),
    {
      type: 'snapshot.imported',
      payload: {
        peer: peer.node_id,
        version: manifest.version,
        digest,
        issuedAt: manifest.issuedAt,
        expiresAt: manifest.expiresAt,
        checkpoint: manifest.checkpoint,
        checkpointSize: checkpoint.size,
        diff: diff.summary,
        parts: manifest.parts.map((part) => ({ name: part.name, digest: part.digest })),
        at,
      },
    },
  ];
  try {
    execute(ws, () => {
      // Re-read inside the write transaction: another import may have landed meanwhile.
      const latest = ws.sqlite
        .prepare('SELECT max(version) AS v FROM snapshot_received WHERE peer_id = ?')
        .get(peer.node_id) as { v: number | null };
      if ((latest.v ?? 0) !== lastVersion) {
        throw reject('CONFLICT', 'Another import from this peer landed meanwhile; try again.');
      }
      return { events, result: undefined };
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A table's CHECK or trigger refused a record (a published charter rewritten, say).
    throw reject(
      'SNAPSHOT_MALFORMED',
      `A record in the snapshot breaks this workspace's rules (${(error as Error).message}); nothing was imported.`,
      error,
    );
  }
  return {
    status: 'imported',
    peer: peer.node_id,
    organisation: peer.organisation,
    version: manifest.version,
    digest,
    diff: diff.summary,
  };
}

/** Every key this node has trusted for the peer, the pinned one included. */
function peerKeys(ws: Workspace, peerId: string): Set<string> {
  const rows = ws.sqlite
    .prepare('SELECT vkey FROM peer_key WHERE peer_id = ?')
    .pluck()
    .all(peerId) as string[];
  return new Set(rows);
}

/**
 * The first of a JSON array of ids (parameter 1) naming a row of the kind's table that a node
 * other than the peer (parameter 2) owns. CROSS JOIN keeps the ids the outer loop, so each is
 * one lookup in the table's id index; only clashing rows are sorted.
 */
export function idClashSql(kind: SnapshotRecordKind): string {
  return `SELECT t.id AS id, t.owner_node AS owner FROM json_each(?) AS j CROSS JOIN ${replicaTables[kind]} AS t ON t.id = j.value WHERE t.owner_node != ? ORDER BY j.key LIMIT 1`;
}

/**
 * A record may not take the id of a row this node or another peer owns: the replica upsert
 * would otherwise overwrite that row and hand it to this peer. One query per kind; the first
 * such record in the part's order is the one named.
 */
function requireOwnIds(ws: Workspace, peer: PeerRow, incoming: IncomingRecord[]): void {
  const idsByKind = new Map<SnapshotRecordKind, string[]>();
  for (const record of incoming) {
    let ids = idsByKind.get(record.kind);
    if (!ids) {
      ids = [];
      idsByKind.set(record.kind, ids);
    }
    ids.push(record.id);
  }
  for (const [kind, ids] of idsByKind) {
    const clash = ws.sqlite.prepare(idClashSql(kind)).get(JSON.stringify(ids), peer.node_id) as
      { id: string; owner: string } | undefined;
    if (clash) {
      throw reject(
        'SNAPSHOT_MALFORMED',
        `Record ${clash.id} of the ${kind} part has the id of a record ${clash.owner === ws.node.nodeId ? 'this node' : 'another node'} owns; it is refused.`,
      );
    }
  }
}

function raiseForkAlarm(
  ws: Workspace,
  peer: PeerRow,
  detail: string,
  evidence: Record<string, string | number | null>,
): void {
  execute(ws, () => ({
    events: [
      {
        type: 'sync.alarm_raised',
        payload: {
          id: randomUUID(),
          peer: peer.node_id,
          kind: 'fork',
          detail: `${peer.organisation}: ${detail}`,
          evidence,
          at: new Date().toISOString(),
        },
      },
    ],
    result: undefined,
  }));
}
