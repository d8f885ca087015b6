import { createHash } from 'node:crypto';
import { parseVerifierKey } from '../ledger/note-keys';

/**
 * What operators read aloud to compare a key out of band: `SHA256:` and the unpadded base64
 * SHA-256 of the raw Ed25519 public key (the form OpenSSH prints).
 */
export function keyFingerprint(vkey: string): string {
  const digest = createHash('sha256').update(parseVerifierKey(vkey).publicKey).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
