import { Buffer } from 'node:buffer';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { identityCardSchema, type IdentityCard } from '../../../shared/domain/sync';
import { issuesOf } from '../errors/parse-or-refuse';
import { keyFingerprint } from '../keys/key-fingerprint';
import { nodeKeyName } from '../keys/node-key-file';
import { canonicalBytes, parseCanonicalJson } from '../ledger/canonical-json';
import { verifyDsse, type DsseEnvelope } from '../ledger/dsse';
import { parseVerifierKey } from '../ledger/note-keys';
import { parseJsonStrict } from '../ledger/strict-json';
import type { Workspace } from '../workspace/workspace';

export const IDENTITY_PAYLOAD_TYPE = 'application/vnd.concordat.identity+json; version=1';
/** A card is a few hundred bytes; anything near this is not one. */
export const MAX_CARD_BYTES = 64 * 1024;

/** A node's identity card: its self-description, signed with its own key. */
export interface IssuedCard {
  /** The DSSE envelope as JSON text: what is written to the card file. */
  text: string;
  fingerprint: string;
}

export function issueIdentityCard(ws: Workspace, now = new Date()): IssuedCard {
  const vkey = ws.registeredVkey();
  if (vkey === undefined) {
    throw new AppError('KEY_MISSING', `${ws.path} has no signing key; it cannot issue a card.`);
  }
  const card: IdentityCard = {
    format: 'concordat.identity/1',
    nodeId: ws.node.nodeId,
    organisation: ws.node.organisation,
    operator: ws.node.operator,
    roles: ws.node.roles,
    vkey,
    issuedAt: now.toISOString(),
  };
  const envelope = ws.signEnvelope(IDENTITY_PAYLOAD_TYPE, canonicalBytes(card));
  return { text: `${JSON.stringify(envelope, null, 2)}\n`, fingerprint: keyFingerprint(vkey) };
}

const envelopeSchema = z
  .object({
    payloadType: z.string().max(200),
    payload: z.string().max(MAX_CARD_BYTES),
    signatures: z
      .array(z.object({ keyid: z.string().max(100), sig: z.string().max(200) }).strict())
      .max(4),
  })
  .strict();

export interface ReadCard {
  card: IdentityCard;
  fingerprint: string;
  /** The card exactly as read, kept with the peer as the evidence it was pinned from. */
  text: string;
}

function invalid(message: string, cause?: unknown): AppError {
  return new AppError('CARD_INVALID', `This is not a valid identity card: ${message}.`, undefined, {
    cause,
  });
}

/**
 * Reads a card from untrusted bytes. A card proves only that its author holds the key it names
 * (it is self-signed); whether that key is the peer's is what the fingerprint comparison, done
 * out of band by the operator, establishes — see `expectFingerprint`.
 */
export function readIdentityCard(input: string | Uint8Array): ReadCard {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (bytes.byteLength > MAX_CARD_BYTES) throw invalid(`it is larger than ${MAX_CARD_BYTES} bytes`);
  let envelope: DsseEnvelope;
  let card: IdentityCard;
  try {
    const parsed = envelopeSchema.safeParse(parseJsonStrict(bytes, { maxDepth: 8 }));
    if (!parsed.success) throw invalid('it is not a signed envelope');
    envelope = parsed.data;
    if (envelope.payloadType !== IDENTITY_PAYLOAD_TYPE) {
      throw invalid(`it holds ${JSON.stringify(envelope.payloadType)}, not an identity`);
    }
    if (envelope.signatures.length === 0) throw invalid('it is not signed');
    const claimed = identityCardSchema.safeParse(
      parseCanonicalJson(Buffer.from(envelope.payload, 'base64'), { maxDepth: 4 }),
    );
    if (!claimed.success) {
      const first = issuesOf(claimed.error)[0];
      throw invalid(`${first?.path || 'card'}: ${first?.message ?? 'malformed'}`);
    }
    card = claimed.data;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid('it is not well-formed JSON', error);
  }
  let verifier;
  try {
    verifier = parseVerifierKey(card.vkey);
  } catch (error) {
    throw invalid('its key is not a verifier key', error);
  }
  if (verifier.name !== nodeKeyName(card.nodeId)) {
    throw invalid(`its key is named ${verifier.name}, not after the node it describes`);
  }
  try {
    verifyDsse(envelope, verifier, IDENTITY_PAYLOAD_TYPE);
  } catch (error) {
    throw invalid('its signature does not verify with the key it names', error);
  }
  return {
    card,
    fingerprint: keyFingerprint(card.vkey),
    text: Buffer.from(bytes).toString('utf8'),
  };
}

/**
 * The fingerprint the operator typed (or a unique leading part of it, at least 8 characters
 * after `SHA256:`) must match the card's key.
 */
export function expectFingerprint(read: ReadCard, expected: string): void {
  const typed = expected.trim();
  const prefix = typed.startsWith('SHA256:') ? typed : `SHA256:${typed}`;
  if (prefix.length < 'SHA256:'.length + 8) {
    throw new AppError(
      'INVALID_INPUT',
      'Give the fingerprint you compared with the peer (at least its first 8 characters after SHA256:).',
    );
  }
  if (!read.fingerprint.startsWith(prefix)) {
    throw new AppError(
      'FINGERPRINT_MISMATCH',
      `The card's key has fingerprint ${read.fingerprint}, not ${typed}. Do not add this peer: the card may not be theirs.`,
    );
  }
}
