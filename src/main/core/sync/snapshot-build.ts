import { Buffer } from 'node:buffer';
import { createHash, hash } from 'node:crypto';
import type { SnapshotRecordKind } from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import { requirePermission } from '../commands/authorise';
import { execute } from '../commands/execute';
import { canonicalBytes } from '../ledger/canonical-json';
import { toBase64 } from '../ledger/bytes';
import { consistencyProof } from '../ledger/merkle-tree';
import type { Workspace } from '../workspace/workspace';
import { ownRotationStatements } from './key-rotation';
import { requireTrustedPeer, type PeerRow } from './peers';
import { replicaColumns, replicaTables, snapshotParts } from './replica-tables';
import { encodeBundle, MAX_BUNDLE_BYTES } from './snapshot-bundle';
import { SNAPSHOT_FORMAT, SNAPSHOT_PAYLOAD_TYPE, type SnapshotManifest } from './snapshot-manifest';

/** A snapshot stays current for this long; after it the receiver shows it as stale. */
export const DEFAULT_VALIDITY_DAYS = 30;

export interface BuiltSnapshot {
  peer: string;
  version: number;
  digest: string;
  records: number;
  bundle: Uint8Array;
}

/**
 * SHA-256 in lowercase hex; a string is hashed as its UTF-8 bytes. One-shot: an import hashes
 * every record, and crypto.hash costs a fraction of a createHash object per call.
 */
export function sha256Hex(bytes: Uint8Array | string): string {
  return hash('sha256', bytes, 'hex');
}

/**
 * The condition selecting what an audience may see of one kind (named parameters: `me`, this
 * node; `org`, a partner's organisation; `peer`, its node id). A partner sees the published
 * charter and its history, its own principals and grants, the datasets those grants are on,
 * and this node's endorsements of its charter; a colleague sees everything this node owns.
 */
function audienceCondition(kind: SnapshotRecordKind, peer: PeerRow): string {
  if (peer.relationship === 'colleague') return 'owner_node = @me';
  const partnerPrincipals =
    'SELECT id FROM principal WHERE owner_node = @me AND organisation = @org COLLATE NOCASE';
  switch (kind) {
    case 'charter':
      return "owner_node = @me AND status IN ('published', 'superseded')";
    case 'principal':
      return 'owner_node = @me AND organisation = @org COLLATE NOCASE';
    case 'grant':
      return `owner_node = @me AND principal_id IN (${partnerPrincipals})`;
    case 'dataset':
      return `owner_node = @me AND id IN (SELECT dataset_id FROM access_grant WHERE owner_node = @me AND principal_id IN (${partnerPrincipals}))`;
    case 'endorsement':
      return 'owner_node = @me AND charter_owner = @peer';
  }
}

/** A part's bytes go into buffers of about this size. */
const PIECE_BYTES = 1024 * 1024;

/** Bytes appended to consecutive buffers, none of which is ever copied to grow. */
class BytePieces {
  readonly pieces: Buffer[] = [];
  byteLength = 0;
  private current = Buffer.allocUnsafe(0);
  private used = 0;

  append(bytes: Uint8Array): void {
    if (this.used + bytes.byteLength > this.current.byteLength) {
      this.seal();
      this.current = Buffer.allocUnsafe(Math.max(PIECE_BYTES, bytes.byteLength));
    }
    this.current.set(bytes, this.used);
    this.used += bytes.byteLength;
    this.byteLength += bytes.byteLength;
  }

  /** The pieces in order; nothing may be appended after. */
  finish(): Buffer[] {
    this.seal();
    return this.pieces;
  }

  private seal(): void {
    if (this.used > 0) this.pieces.push(this.current.subarray(0, this.used));
    this.current = Buffer.allocUnsafe(0);
    this.used = 0;
  }
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

interface PartText {
  pieces: Buffer[];
  bytes: number;
  digest: string;
  records: number;
}

/**
 * Reads one part's rows straight to JSON bytes, a row at a time. SQLite's json_object writes
 * each row: the text JSON.stringify gives for the row better-sqlite3 returns (keys in column
 * order, strings escaped alike, integers and null alike; snapshot-parts.test.ts holds the two
 * equal), as UTF-8 and without a JavaScript object or string per row. The part is the rows
 * joined by commas in brackets, which is JSON.stringify(rows). One string of tens of megabytes
 * was a rope that encoding copied flat first, and holding every row at once made the
 * collector promote them all.
 */
function partText(ws: Workspace, kind: SnapshotRecordKind, peer: PeerRow): PartText {
  const object = replicaColumns(kind)
    .map((c) => `'${c}', "${c}"`)
    .join(', ');
  const condition = audienceCondition(kind, peer);
  const params: Record<string, string> = { me: ws.node.nodeId };
  if (condition.includes('@org')) params.org = peer.organisation;
  if (condition.includes('@peer')) params.peer = peer.node_id;
  const rows = ws.sqlite
    .prepare(
      `SELECT CAST(json_object(${object}) AS BLOB) FROM ${replicaTables[kind]} WHERE ${condition} ORDER BY id`,
    )
    .pluck()
    .iterate(params) as IterableIterator<Buffer>;
  const text = new BytePieces();
  let records = 0;
  text.append(OPEN);
  for (const row of rows) {
    if (records > 0) text.append(COMMA);
    text.append(row);
    records += 1;
  }
  text.append(CLOSE);
  const pieces = text.finish();
  const digest = createHash('sha256');
  for (const piece of pieces) digest.update(piece);
  return { pieces, bytes: text.byteLength, digest: digest.digest('hex'), records };
}

interface PreviousSent {
  version: number;
  digest: string;
  checkpoint_size: number;
}

/**
 * Builds, signs and records the next snapshot for a peer. The issuer's checkpoint is signed for
 * the ledger as it stands, and the consistency proof runs from the checkpoint in the previous
 * snapshot to that peer, so the peer can tell this history extends the one it saw.
 */
export function buildSnapshot(
  ws: Workspace,
  peerId: string,
  options: { now?: Date; validityDays?: number } = {},
): BuiltSnapshot {
  requirePermission(ws.actor, 'snapshot.publish', 'Publishing a snapshot');
  ws.assertWritable();
  const peer = requireTrustedPeer(ws, peerId);
  const vkey = ws.registeredVkey();
  if (vkey === undefined) {
    throw new AppError('KEY_MISSING', `${ws.path} has no signing key; it cannot sign snapshots.`);
  }
  const now = options.now ?? new Date();
  const validity = options.validityDays ?? DEFAULT_VALIDITY_DAYS;
  const previous = ws.sqlite
    .prepare(
      'SELECT version, digest, checkpoint_size FROM snapshot_sent WHERE peer_id = ? ORDER BY version DESC LIMIT 1',
    )
    .get(peer.node_id) as PreviousSent | undefined;

  const parts = new Map<SnapshotRecordKind, Buffer[]>();
  const manifestParts: SnapshotManifest['parts'] = [];
  let records = 0;
  for (const kind of snapshotParts) {
    const part = partText(ws, kind, peer);
    parts.set(kind, part.pieces);
    records += part.records;
    manifestParts.push({
      name: kind,
      digest: part.digest,
      bytes: part.bytes,
      records: part.records,
    });
  }

  const checkpoint = ws.checkpoint();
  const manifest: SnapshotManifest = {
    format: SNAPSHOT_FORMAT,
    issuer: { nodeId: ws.node.nodeId, organisation: ws.node.organisation, vkey },
    audience: peer.node_id,
    version: (previous?.version ?? 0) + 1,
    prev: previous?.digest ?? null,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + validity * 86_400_000).toISOString(),
    checkpoint: checkpoint.note,
    consistency: previous
      ? {
          fromSize: previous.checkpoint_size,
          proof: consistencyProof(
            previous.checkpoint_size,
            checkpoint.size,
            ws.ledger.subtrees,
          ).map(toBase64),
        }
      : null,
    parts: manifestParts,
  };
  const payload = canonicalBytes(manifest);
  const envelope = ws.signEnvelope(SNAPSHOT_PAYLOAD_TYPE, payload);
  const digest = sha256Hex(payload);
  const bundle = encodeBundle({
    issuer: ws.node.nodeId,
    rotations: ownRotationStatements(ws),
    envelope: Buffer.from(JSON.stringify(envelope), 'utf8'),
    parts,
  });
  // Refused before it is recorded: a version no peer could import would break the chain.
  if (bundle.byteLength > MAX_BUNDLE_BYTES) {
    throw new AppError(
      'BUNDLE_TOO_LARGE',
      `The snapshot for ${peer.organisation} would be ${bundle.byteLength} bytes compressed, over the ${MAX_BUNDLE_BYTES}-byte limit a peer accepts; nothing was issued.`,
    );
  }
  execute(ws, () => {
    // Another window may have issued one meanwhile: versions must never repeat.
    const latest = ws.sqlite
      .prepare('SELECT max(version) AS v FROM snapshot_sent WHERE peer_id = ?')
      .get(peer.node_id) as { v: number | null };
    if ((latest.v ?? 0) !== (previous?.version ?? 0)) {
      throw new AppError(
        'CONFLICT',
        'Another snapshot to this peer was issued meanwhile; try again.',
      );
    }
    return {
      events: [
        {
          type: 'snapshot.issued',
          payload: {
            peer: peer.node_id,
            version: manifest.version,
            digest,
            issuedAt: manifest.issuedAt,
            expiresAt: manifest.expiresAt,
            checkpointSize: checkpoint.size,
            records,
            bytes: bundle.byteLength,
          },
        },
      ],
      result: undefined,
    };
  });
  return { peer: peer.node_id, version: manifest.version, digest, records, bundle };
}
