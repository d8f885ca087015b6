import { Buffer } from 'node:buffer';
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { requirePermission } from '../commands/authorise';
import { execute } from '../commands/execute';
import { keyFingerprint } from '../keys/key-fingerprint';
import { finishKeySwap, pendingKeyPath } from '../keys/key-swap';
import { createNodeKey, nodeKeyName, type KeyProtection } from '../keys/node-key-file';
import { canonicalBytes, parseCanonicalJson } from '../ledger/canonical-json';
import { verifyDsse, type DsseEnvelope } from '../ledger/dsse';
import { parseVerifierKey } from '../ledger/note-keys';
import { parseJsonStrict } from '../ledger/strict-json';
import { strictEnvelopeSchema } from './dsse-envelope';
import type { Workspace } from '../workspace/workspace';

export const ROTATION_PAYLOAD_TYPE = 'application/vnd.concordat.key-rotation+json; version=1';

/** What the old key signs: "this node's key is now `vkey`". */
const rotationSchema = z
  .object({
    format: z.literal('concordat.key-rotation/1'),
    nodeId: z.string(),
    previousVkey: z.string().max(400),
    vkey: z.string().max(400),
    rotatedAt: z.string(),
  })
  .strict();
export type RotationStatement = z.infer<typeof rotationSchema>;

/**
 * Replaces the node's signing key. The old key signs a statement naming the new one; the
 * statement goes into the ledger and into every later snapshot, so each peer moves its pin from
 * the key it trusts to the new one without a new card. The new key file is written beside the
 * old before the ledger entry and swapped in after it, so a crash in between leaves a workspace
 * that `finishKeySwap` completes on the next unlock.
 */
export function rotateNodeKey(
  ws: Workspace,
  protection: KeyProtection,
  now = new Date(),
): { vkey: string; fingerprint: string } {
  requirePermission(ws.actor, 'peer.manage', "Rotating the node's signing key");
  ws.assertWritable();
  const previousVkey = ws.registeredVkey();
  if (previousVkey === undefined || !ws.isUnlocked) {
    throw new AppError(
      'KEY_LOCKED',
      "The node's current key must be unlocked to sign its successor; provide its passphrase.",
    );
  }
  const keyName = nodeKeyName(ws.node.nodeId);
  const created = createNodeKey(keyName, protection);
  const statement: RotationStatement = {
    format: 'concordat.key-rotation/1',
    nodeId: ws.node.nodeId,
    previousVkey,
    vkey: created.signer.vkey,
    rotatedAt: now.toISOString(),
  };
  const envelope = ws.signEnvelope(ROTATION_PAYLOAD_TYPE, canonicalBytes(statement));
  const pending = pendingKeyPath(ws.path);
  // A leftover from an attempt that never reached the ledger: its key was never trusted.
  rmSync(pending, { force: true });
  const removePending = created.write(pending);
  try {
    execute(ws, () => ({
      events: [
        {
          type: 'node.key_rotated',
          payload: {
            keyName,
            vkey: created.signer.vkey,
            statement: JSON.stringify(envelope),
            at: statement.rotatedAt,
          },
        },
      ],
      result: undefined,
    }));
  } catch (error) {
    removePending();
    throw error;
  }
  finishKeySwap(ws.path, created.signer.vkey);
  ws.adoptSigner(created.signer);
  // The newest checkpoint is signed by the new key, so exports and snapshots carry it.
  ws.checkpoint();
  return { vkey: created.signer.vkey, fingerprint: keyFingerprint(created.signer.vkey) };
}

/** The rotation statements this node's ledger holds, oldest first (for its snapshots). */
export function ownRotationStatements(ws: Workspace): Uint8Array[] {
  const rows = ws.sqlite
    .prepare("SELECT bytes FROM ledger_entry WHERE type = 'node.key_rotated' ORDER BY seq")
    .pluck()
    .all() as Buffer[];
  return rows.map((bytes) => {
    const { payload } = JSON.parse(bytes.toString('utf8')) as { payload: { statement: string } };
    return Buffer.from(payload.statement, 'utf8');
  });
}

const rotationEnvelope = strictEnvelopeSchema(4096);

export interface KeyAdvance {
  vkey: string;
  statement: string;
}

/**
 * Follows a peer's rotation statements from the key pinned for it: each must be signed by the
 * key trusted at that point and name it as the previous one. Statements already followed (their
 * key is in the peer's key history) are skipped; any other statement is refused, since it claims
 * a rotation the pinned key never signed.
 */
export function followRotations(
  peer: { node_id: string; vkey: string },
  knownKeys: ReadonlySet<string>,
  statements: readonly Uint8Array[],
): { pinned: string; advances: KeyAdvance[] } {
  let pinned = peer.vkey;
  const advances: KeyAdvance[] = [];
  for (const bytes of statements) {
    const text = Buffer.from(bytes).toString('utf8');
    let claimed: RotationStatement;
    let envelope: DsseEnvelope;
    try {
      envelope = rotationEnvelope.parse(parseJsonStrict(bytes, { maxDepth: 4 }));
      const payload = Buffer.from(envelope.payload, 'base64');
      claimed = rotationSchema.parse(parseCanonicalJson(payload, { maxDepth: 2 }));
    } catch (error) {
      throw new AppError('BUNDLE_MALFORMED', 'A key rotation statement is malformed.', undefined, {
        cause: error,
      });
    }
    if (claimed.nodeId !== peer.node_id) {
      throw new AppError('SNAPSHOT_BAD_SIGNATURE', 'A key rotation statement names another node.');
    }
    if (claimed.previousVkey !== pinned) {
      if (knownKeys.has(claimed.vkey)) continue;
      throw new AppError(
        'SNAPSHOT_BAD_SIGNATURE',
        'A key rotation statement does not follow from the key pinned for this peer.',
      );
    }
    try {
      verifyDsse(envelope, parseVerifierKey(pinned), ROTATION_PAYLOAD_TYPE);
      parseVerifierKey(claimed.vkey);
    } catch (error) {
      throw new AppError(
        'SNAPSHOT_BAD_SIGNATURE',
        'A key rotation statement is not signed by the key pinned for this peer.',
        undefined,
        { cause: error },
      );
    }
    pinned = claimed.vkey;
    advances.push({ vkey: claimed.vkey, statement: text });
  }
  return { pinned, advances };
}
