import { Buffer } from 'node:buffer';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach } from 'vitest';
import type { SnapshotRecordKind } from '../../../shared/domain/sync';
import type { ReplicaRow } from '../commands/sync-events';
import { keyFilePath } from '../keys/node-key-file';
import { canonicalBytes } from '../ledger/canonical-json';
import { signDsse, type DsseEnvelope } from '../ledger/dsse';
import { generateEd25519KeyPair } from '../ledger/ed25519-keys';
import { createNoteSigner, type NoteSigner } from '../ledger/note-keys';
import { decodeBundle, encodeBundle } from '../sync/snapshot-bundle';
import { sha256Hex } from '../sync/snapshot-build';
import { SNAPSHOT_PAYLOAD_TYPE, type SnapshotManifest } from '../sync/snapshot-manifest';
import { Workspace } from '../workspace/workspace';
import { syncPassphrase } from './sync-setup';

/*
 * Taking snapshot bundles apart and putting them back together the way an attacker would: with
 * or without re-signing, with the issuer's real key (a forked or compromised issuer) or another.
 * Test code only; it trusts what it opens.
 */

/** Signs a payload as a DSSE envelope: a workspace's node key, or a stranger's. */
export type EnvelopeSigner = (payloadType: string, payload: Uint8Array) => DsseEnvelope;

export function workspaceSigner(ws: Workspace): EnvelopeSigner {
  return (payloadType, payload) => ws.signEnvelope(payloadType, payload);
}

/** A fresh Ed25519 key nobody pinned, under `keyName` (say, another node's key name). */
export function strangerKey(keyName = 'stranger'): { signer: NoteSigner; sign: EnvelopeSigner } {
  const signer = createNoteSigner(keyName, generateEd25519KeyPair().privateKey);
  return { signer, sign: (payloadType, payload) => signDsse(payloadType, payload, signer) };
}

/** The container's plain bytes (the bundle decompressed, when it is compressed). */
export function plainBundle(bundle: Uint8Array): Buffer {
  const buffer = Buffer.from(bundle);
  return buffer[0] === 0x1f && buffer[1] === 0x8b ? gunzipSync(buffer) : buffer;
}

export function gzipBundle(plain: Uint8Array, level = 1): Uint8Array {
  return gzipSync(plain, { level });
}

export interface OpenedSnapshot {
  issuer: string;
  /** The issuer's key rotation statements, carried as they came. */
  rotations: Uint8Array[];
  envelope: DsseEnvelope;
  /** The signed manifest as parsed from the payload: edit it, then `reseal`. */
  manifest: SnapshotManifest;
  parts: Map<SnapshotRecordKind, Uint8Array>;
}

export function openSnapshot(bundle: Uint8Array): OpenedSnapshot {
  const decoded = decodeBundle(bundle);
  const envelope = JSON.parse(Buffer.from(decoded.envelope).toString('utf8')) as DsseEnvelope;
  const manifest = JSON.parse(
    Buffer.from(envelope.payload, 'base64').toString('utf8'),
  ) as SnapshotManifest;
  return {
    issuer: decoded.issuer,
    rotations: [...decoded.rotations],
    envelope,
    manifest,
    parts: new Map(decoded.parts),
  };
}

export function partRecords(opened: OpenedSnapshot, kind: SnapshotRecordKind): ReplicaRow[] {
  const bytes = opened.parts.get(kind);
  return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as ReplicaRow[]) : [];
}

export function setPart(
  opened: OpenedSnapshot,
  kind: SnapshotRecordKind,
  content: string | Uint8Array | unknown[],
): void {
  const bytes =
    typeof content === 'string'
      ? Buffer.from(content, 'utf8')
      : content instanceof Uint8Array
        ? content
        : Buffer.from(JSON.stringify(content), 'utf8');
  opened.parts.set(kind, bytes);
}

/** Writes a bundle back out; the envelope as an object, or as exact bytes. */
export function packSnapshot(
  opened: Pick<OpenedSnapshot, 'issuer' | 'parts'> &
    Partial<Pick<OpenedSnapshot, 'rotations'>> & { envelope: DsseEnvelope | Uint8Array },
): Uint8Array {
  const envelope =
    opened.envelope instanceof Uint8Array
      ? opened.envelope
      : Buffer.from(JSON.stringify(opened.envelope), 'utf8');
  return encodeBundle({
    issuer: opened.issuer,
    rotations: opened.rotations ?? [],
    envelope,
    parts: opened.parts,
  });
}

/**
 * Re-signs the (edited) manifest over the (edited) parts: each part the manifest names gets the
 * digest, size and record count of the bytes now carried, so the checks past the part digests
 * are reached. `payload` replaces the canonical manifest bytes outright, when given.
 */
export function reseal(
  opened: OpenedSnapshot,
  sign: EnvelopeSigner,
  options: { payloadType?: string; payload?: Uint8Array; keepDigests?: boolean } = {},
): Uint8Array {
  if (!options.keepDigests) {
    for (const part of opened.manifest.parts) {
      const bytes = opened.parts.get(part.name);
      if (!bytes) continue;
      part.digest = sha256Hex(bytes);
      part.bytes = bytes.byteLength;
      try {
        const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
        if (Array.isArray(value)) part.records = value.length;
      } catch {
        // Not JSON: keep the count; the import refuses the part anyway.
      }
    }
  }
  const payload = options.payload ?? canonicalBytes(opened.manifest);
  const envelope = sign(options.payloadType ?? SNAPSHOT_PAYLOAD_TYPE, payload);
  return packSnapshot({ ...opened, envelope });
}

/** The tables an import may write, each digested row by row (order-independent). */
export const fingerprintTables = [
  'charter_version',
  'dataset',
  'principal',
  'access_grant',
  'charter_endorsement',
  'replica_record',
  'snapshot_received',
  'peer',
  'sync_alarm',
] as const;

export interface DatabaseFingerprint {
  ledgerSize: number;
  /** Leaf hash of the last ledger entry, in hex. */
  ledgerHead: string;
  /** What the open workspace holds in memory: must agree after a rolled-back write. */
  ledgerMemory: { size: number; root: string };
  tables: Record<(typeof fingerprintTables)[number], { rows: number; digest: string }>;
}

function rowText(row: Record<string, unknown>): string {
  return JSON.stringify(row, (_key, value: unknown) =>
    Buffer.isBuffer(value) || value instanceof Uint8Array
      ? `hex:${Buffer.from(value).toString('hex')}`
      : value,
  );
}

/** Everything an import could change in a workspace, reduced to digests for comparison. */
export function databaseFingerprint(ws: Workspace): DatabaseFingerprint {
  const head = ws.sqlite
    .prepare('SELECT count(*) AS n, max(seq) AS seq FROM ledger_entry')
    .get() as { n: number; seq: number | null };
  const leaf = ws.sqlite
    .prepare('SELECT leaf_hash FROM ledger_entry WHERE seq = ?')
    .get(head.seq ?? -1) as { leaf_hash: Buffer } | undefined;
  const tables = {} as DatabaseFingerprint['tables'];
  for (const table of fingerprintTables) {
    const rows = (ws.sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[])
      .map(rowText)
      .sort();
    tables[table] = { rows: rows.length, digest: sha256Hex(Buffer.from(rows.join('\n'))) };
  }
  return {
    ledgerSize: head.n,
    ledgerHead: leaf ? leaf.leaf_hash.toString('hex') : '',
    ledgerMemory: { size: ws.ledger.size, root: Buffer.from(ws.ledger.root()).toString('hex') },
    tables,
  };
}

export interface AlarmRow {
  id: string;
  peer_id: string;
  kind: string;
  detail: string;
  evidence: string;
  raised_at: string;
}

export function alarms(ws: Workspace): AlarmRow[] {
  return ws.sqlite.prepare('SELECT * FROM sync_alarm ORDER BY raised_at, id').all() as AlarmRow[];
}

/** The types of the ledger entries appended after the first `from` entries. */
export function ledgerTypesSince(ws: Workspace, from: number): string[] {
  return (
    ws.sqlite.prepare('SELECT type FROM ledger_entry WHERE seq >= ? ORDER BY seq').all(from) as {
      type: string;
    }[]
  ).map((row) => row.type);
}

/**
 * Copies of keyed workspaces, database and key file alike (what someone forking a node's
 * history would take), opened with the sync tests' passphrase and closed after each test.
 */
export function useWorkspaceCopies(): (ws: Workspace, name: string) => Promise<Workspace> {
  const open: Workspace[] = [];
  afterEach(() => {
    for (const ws of open.splice(0)) ws.close();
  });
  return async (ws, name) => {
    const path = join(dirname(ws.path), `${name}.concordat`);
    await ws.sqlite.backup(path);
    copyFileSync(keyFilePath(ws.path), keyFilePath(path));
    const copy = Workspace.open(path, { keyProtection: syncPassphrase });
    open.push(copy);
    return copy;
  };
}
