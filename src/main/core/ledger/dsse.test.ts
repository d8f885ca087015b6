import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { pae, parseDsseEnvelope, signDsse, verifyDsse } from './dsse';
import { generateEd25519KeyPair } from './ed25519-keys';
import { LedgerError } from './errors';
import { createNoteSigner, parseVerifierKey } from './note-keys';

const type = 'application/vnd.example+json';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof LedgerError) return error.code;
    throw error;
  }
  return undefined;
}

describe('DSSE', () => {
  it('encodes PAE as the specification’s test vector does', () => {
    expect(
      Buffer.from(pae('http://example.com/HelloWorld', Buffer.from('hello world'))).toString(),
    ).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
    // LEN counts bytes, not characters.
    expect(Buffer.from(pae('t', Buffer.from('é'))).toString()).toBe('DSSEv1 1 t 2 é');
  });

  it('verifies what it signed, and refuses a changed payload, type, signature or key', () => {
    const signer = createNoteSigner('example', generateEd25519KeyPair().privateKey);
    const verifier = parseVerifierKey(signer.vkey);
    const payload = Buffer.from('{"a":1}');
    const envelope = signDsse(type, payload, signer);
    const text = JSON.stringify(envelope);
    expect(Buffer.from(verifyDsse(parseDsseEnvelope(text), verifier, type)).toString()).toBe(
      '{"a":1}',
    );

    const changed = { ...envelope, payload: Buffer.from('{"a":2}').toString('base64') };
    expect(codeOf(() => verifyDsse(changed, verifier, type))).toBe('DSSE_BAD_SIGNATURE');
    const retyped = { ...envelope, payloadType: 'text/plain' };
    expect(codeOf(() => verifyDsse(retyped, verifier, 'text/plain'))).toBe('DSSE_BAD_SIGNATURE');
    expect(codeOf(() => verifyDsse(envelope, verifier, 'text/plain'))).toBe('DSSE_MALFORMED');
    const sig = Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64');
    sig[0] = (sig[0] ?? 0) ^ 1;
    const forged = { ...envelope, signatures: [{ keyid: '', sig: sig.toString('base64') }] };
    expect(codeOf(() => verifyDsse(forged, verifier, type))).toBe('DSSE_BAD_SIGNATURE');
    const other = parseVerifierKey(
      createNoteSigner('example', generateEd25519KeyPair().privateKey).vkey,
    );
    expect(codeOf(() => verifyDsse(envelope, other, type))).toBe('DSSE_BAD_SIGNATURE');
    expect(codeOf(() => parseDsseEnvelope('{"payloadType":"x","payload":""}'))).toBe(
      'DSSE_MALFORMED',
    );
    expect(codeOf(() => parseDsseEnvelope('not json'))).toBe('DSSE_MALFORMED');
  });
});
