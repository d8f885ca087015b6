import { Buffer } from 'node:buffer';
import { z } from 'zod';
import { toBase64 } from './bytes';
import { LedgerError } from './errors';
import { formatKeyId, type NoteSigner, type NoteVerifier } from './note-keys';

/*
 * DSSE, the Dead Simple Signing Envelope (github.com/secure-systems-lab/dsse, protocol.md and
 * envelope.md, v1.0): the signature covers the pre-authentication encoding of the payload type
 * and the payload, so a signature made for one type never verifies as another.
 */

/** One signature; `keyid` is an unauthenticated hint (here the C2SP key ID in hex). */
export interface DsseSignature {
  keyid: string;
  sig: string;
}

/** The JSON envelope: base64 payload, its type, and at least one signature. */
export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: DsseSignature[];
}

/**
 * Strict standard base64, for payloads of any size. Buffer skips characters outside the
 * alphabet and accepts the URL-safe one, but re-encoding gives the one canonical spelling
 * (padded, unused bits zero), so any other spelling fails the comparison. No pattern match:
 * bytes.ts's regex overflows the stack on a payload of many megabytes.
 */
function decodeBase64(text: string, what: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) {
    throw new LedgerError('DSSE_MALFORMED', `The ${what} is not standard base64`);
  }
  return bytes;
}

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in bytes. */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${String(type.byteLength)} `, 'ascii'),
    type,
    Buffer.from(` ${String(payload.byteLength)} `, 'ascii'),
    payload,
  ]);
}

/**
 * Signs `payload` with Ed25519 over its PAE. Every PAE starts with "DSSEv1 ", which no signed
 * note's text (a checkpoint starts with its origin) can, so a node key signing both cannot be
 * made to sign one thing as the other.
 */
export function signDsse(
  payloadType: string,
  payload: Uint8Array,
  signer: Pick<NoteSigner, 'keyId' | 'sign'>,
): DsseEnvelope {
  if (payloadType === '') throw new LedgerError('DSSE_MALFORMED', 'The payload type is empty');
  return {
    payloadType,
    payload: toBase64(payload),
    signatures: [
      { keyid: formatKeyId(signer.keyId), sig: toBase64(signer.sign(pae(payloadType, payload))) },
    ],
  };
}

const envelopeSchema = z.object({
  payloadType: z.string().min(1),
  payload: z.string(),
  signatures: z
    .array(z.object({ keyid: z.string().optional(), sig: z.string().min(1) }))
    .min(1)
    .max(16),
});

/** Reads an envelope's JSON; DSSE_MALFORMED when it is not one. */
export function parseDsseEnvelope(text: string): DsseEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LedgerError('DSSE_MALFORMED', 'The envelope is not JSON', { cause: error });
  }
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) {
    throw new LedgerError(
      'DSSE_MALFORMED',
      'The envelope needs payloadType, payload and at least one signature',
    );
  }
  const { payloadType, payload, signatures } = parsed.data;
  return {
    payloadType,
    payload,
    signatures: signatures.map(({ keyid, sig }) => ({ keyid: keyid ?? '', sig })),
  };
}

/**
 * Checks the envelope against the pinned key and the expected payload type, and only then
 * returns the payload bytes: exactly the bytes the signature covered, decoded once. The type
 * is checked inside the signed bytes too (it is part of the PAE), not only beside them.
 */
export function verifyDsse(
  envelope: DsseEnvelope,
  verifier: Pick<NoteVerifier, 'verify'>,
  payloadType: string,
): Uint8Array {
  if (envelope.payloadType !== payloadType) {
    throw new LedgerError(
      'DSSE_MALFORMED',
      `The envelope holds ${JSON.stringify(envelope.payloadType)}, not ${JSON.stringify(payloadType)}`,
    );
  }
  const payload = decodeBase64(envelope.payload, 'payload');
  const message = pae(payloadType, payload);
  // keyid is a hint nobody signed, so every signature is tried against the pinned key.
  const verified = envelope.signatures.some(({ sig }) => {
    try {
      return verifier.verify(message, decodeBase64(sig, 'signature'));
    } catch {
      return false;
    }
  });
  if (!verified) {
    throw new LedgerError(
      'DSSE_BAD_SIGNATURE',
      'No signature on the envelope verifies with the pinned key',
    );
  }
  return payload;
}
