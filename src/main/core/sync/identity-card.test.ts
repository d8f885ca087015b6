import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { IdentityCard } from '../../../shared/domain/sync';
import { keyFingerprint } from '../keys/key-fingerprint';
import { nodeKeyName } from '../keys/node-key-file';
import { canonicalBytes } from '../ledger/canonical-json';
import type { DsseEnvelope } from '../ledger/dsse';
import { strangerKey, type EnvelopeSigner } from '../testing/snapshot-tamper';
import { leadSetup, useSyncWorkspaces } from '../testing/sync-setup';
import { thrownCode } from '../testing/thrown-code';
import {
  expectFingerprint,
  IDENTITY_PAYLOAD_TYPE,
  issueIdentityCard,
  MAX_CARD_BYTES,
  readIdentityCard,
} from './identity-card';
import { SNAPSHOT_PAYLOAD_TYPE } from './snapshot-manifest';

function envelopeOf(text: string): DsseEnvelope {
  return JSON.parse(text) as DsseEnvelope;
}

function cardOf(envelope: DsseEnvelope): IdentityCard {
  return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as IdentityCard;
}

/** A card signed by `sign`, as its holder would make one (any claims, any payload type). */
function signedCard(
  card: IdentityCard,
  sign: EnvelopeSigner,
  payloadType = IDENTITY_PAYLOAD_TYPE,
): string {
  return JSON.stringify(sign(payloadType, canonicalBytes(card)));
}

describe('identity cards', () => {
  const workspace = useSyncWorkspaces();

  it('round-trips: the card read back is the node, with its key’s fingerprint', () => {
    const ws = workspace(leadSetup, 'lead');
    const issued = issueIdentityCard(ws, new Date('2026-03-01T09:00:00Z'));
    const read = readIdentityCard(issued.text);
    expect(read.card).toEqual({
      format: 'concordat.identity/1',
      nodeId: ws.node.nodeId,
      organisation: leadSetup.organisation,
      operator: leadSetup.operator,
      roles: leadSetup.roles,
      vkey: ws.registeredVkey(),
      issuedAt: '2026-03-01T09:00:00.000Z',
    });
    expect(read.fingerprint).toBe(issued.fingerprint);
    expect(read.fingerprint).toBe(keyFingerprint(ws.registeredVkey() ?? ''));
    expect(read.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    // Kept exactly as read, as the evidence the peer was pinned from; bytes read the same.
    expect(read.text).toBe(issued.text);
    expect(readIdentityCard(Buffer.from(issued.text)).card).toEqual(read.card);
    expect(() => expectFingerprint(read, issued.fingerprint)).not.toThrow();
  });

  it('a fingerprint prefix (8+ characters, with or without SHA256:) is accepted; shorter is not', () => {
    const ws = workspace(leadSetup, 'lead');
    const issued = issueIdentityCard(ws);
    const read = readIdentityCard(issued.text);
    const bare = issued.fingerprint.slice('SHA256:'.length);
    expect(thrownCode(() => expectFingerprint(read, bare.slice(0, 8)))).toBeUndefined();
    expect(
      thrownCode(() => expectFingerprint(read, `SHA256:${bare.slice(0, 12)}`)),
    ).toBeUndefined();
    expect(thrownCode(() => expectFingerprint(read, `  ${bare}  `))).toBeUndefined();
    expect(thrownCode(() => expectFingerprint(read, bare.slice(0, 7)))).toBe('INVALID_INPUT');
    expect(thrownCode(() => expectFingerprint(read, 'SHA256:'))).toBe('INVALID_INPUT');
  });

  it('a fingerprint that is not the card’s key → FINGERPRINT_MISMATCH', () => {
    const ws = workspace(leadSetup, 'lead');
    const other = workspace({ ...leadSetup, organisation: 'Elsewhere' }, 'other');
    const read = readIdentityCard(issueIdentityCard(ws).text);
    const theirs = issueIdentityCard(other).fingerprint;
    expect(thrownCode(() => expectFingerprint(read, theirs))).toBe('FINGERPRINT_MISMATCH');
    expect(thrownCode(() => expectFingerprint(read, theirs.slice(0, 20)))).toBe(
      'FINGERPRINT_MISMATCH',
    );
    // One character off at the end.
    const mine = read.fingerprint;
    const last = mine.endsWith('A') ? 'B' : 'A';
    expect(thrownCode(() => expectFingerprint(read, `${mine.slice(0, -1)}${last}`))).toBe(
      'FINGERPRINT_MISMATCH',
    );
  });

  it('a card edited after signing → CARD_INVALID', () => {
    const ws = workspace(leadSetup, 'lead');
    const envelope = envelopeOf(issueIdentityCard(ws).text);
    const claims = cardOf(envelope);
    for (const edit of [
      { organisation: 'Someone else' },
      { roles: ['lead', 'steward', 'auditor'] },
      { nodeId: '00000000-0000-4000-8000-000000000000' },
    ]) {
      const tampered = {
        ...envelope,
        payload: Buffer.from(canonicalBytes({ ...claims, ...edit })).toString('base64'),
      };
      expect(thrownCode(() => readIdentityCard(JSON.stringify(tampered)))).toBe('CARD_INVALID');
    }
    // One base64 character of the payload changed, the signature kept.
    const at = Math.floor(envelope.payload.length / 3);
    const swap = envelope.payload[at] === 'A' ? 'B' : 'A';
    const flipped = {
      ...envelope,
      payload: `${envelope.payload.slice(0, at)}${swap}${envelope.payload.slice(at + 1)}`,
    };
    expect(thrownCode(() => readIdentityCard(JSON.stringify(flipped)))).toBe('CARD_INVALID');
    // Unsigned, or with an extra field in the envelope.
    expect(
      thrownCode(() => readIdentityCard(JSON.stringify({ ...envelope, signatures: [] }))),
    ).toBe('CARD_INVALID');
    expect(thrownCode(() => readIdentityCard(JSON.stringify({ ...envelope, alg: 'none' })))).toBe(
      'CARD_INVALID',
    );
  });

  it('a key that is not named concordat/<nodeId> → CARD_INVALID', () => {
    const ws = workspace(leadSetup, 'lead');
    const claims = cardOf(envelopeOf(issueIdentityCard(ws).text));
    // Self-signed and consistent, but the key is named for another node, or for nothing.
    for (const keyName of [
      nodeKeyName('00000000-0000-4000-8000-000000000000'),
      'concordat',
      `concordat/${claims.nodeId}/x`,
      'example.com/log',
    ]) {
      const key = strangerKey(keyName);
      const text = signedCard({ ...claims, vkey: key.signer.vkey }, key.sign);
      expect(thrownCode(() => readIdentityCard(text))).toBe('CARD_INVALID');
    }
    // Properly named and self-signed by a fresh key: valid (the fingerprint check is what
    // tells the operator it is not the node's real key).
    const fresh = strangerKey(nodeKeyName(claims.nodeId));
    const read = readIdentityCard(signedCard({ ...claims, vkey: fresh.signer.vkey }, fresh.sign));
    expect(read.fingerprint).not.toBe(keyFingerprint(claims.vkey));
    expect(thrownCode(() => expectFingerprint(read, keyFingerprint(claims.vkey)))).toBe(
      'FINGERPRINT_MISMATCH',
    );
  });

  it('a card signed by a key other than the one it names, or as another type → CARD_INVALID', () => {
    const ws = workspace(leadSetup, 'lead');
    const claims = cardOf(envelopeOf(issueIdentityCard(ws).text));
    const impostor = strangerKey(nodeKeyName(claims.nodeId));
    expect(thrownCode(() => readIdentityCard(signedCard(claims, impostor.sign)))).toBe(
      'CARD_INVALID',
    );
    const asSnapshot = signedCard(
      claims,
      (type, payload) => ws.signEnvelope(type, payload),
      SNAPSHOT_PAYLOAD_TYPE,
    );
    expect(thrownCode(() => readIdentityCard(asSnapshot))).toBe('CARD_INVALID');
    // The right type beside the payload, but signed as a snapshot.
    const relabelled = { ...envelopeOf(asSnapshot), payloadType: IDENTITY_PAYLOAD_TYPE };
    expect(thrownCode(() => readIdentityCard(JSON.stringify(relabelled)))).toBe('CARD_INVALID');
  });

  it('oversize, not JSON, or not a card at all → CARD_INVALID', () => {
    const ws = workspace(leadSetup, 'lead');
    const text = issueIdentityCard(ws).text;
    expect(thrownCode(() => readIdentityCard(text + ' '.repeat(MAX_CARD_BYTES)))).toBe(
      'CARD_INVALID',
    );
    expect(thrownCode(() => readIdentityCard(new Uint8Array(MAX_CARD_BYTES + 1)))).toBe(
      'CARD_INVALID',
    );
    for (const input of [
      '',
      'not json',
      '[]',
      'null',
      '{"__proto__":{}}',
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      Buffer.from([0xff, 0xfe, 0x00]),
      text.slice(0, text.length / 2),
    ]) {
      expect(thrownCode(() => readIdentityCard(input))).toBe('CARD_INVALID');
    }
    // Claims outside the card schema, even if signed by the key they name.
    const claims = cardOf(envelopeOf(text));
    const sign: EnvelopeSigner = (type, payload) => ws.signEnvelope(type, payload);
    for (const bad of [
      { ...claims, extra: true },
      { ...claims, organisation: 'x'.repeat(201) },
      { ...claims, roles: ['emperor'] },
      { ...claims, issuedAt: 'yesterday' },
    ]) {
      expect(thrownCode(() => readIdentityCard(signedCard(bad as IdentityCard, sign)))).toBe(
        'CARD_INVALID',
      );
    }
    expect(({} as Record<string, unknown>).extra).toBeUndefined();
  });
});
