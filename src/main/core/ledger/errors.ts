/**
 * Stable codes for ledger format failures. They stay inside core for now; the command layer maps
 * them onto the app-wide codes in src/shared/errors.ts when it wires the ledger in.
 */
export const ledgerErrorCodes = [
  // Encodings
  'HEX_INVALID',
  'BASE64_INVALID',
  // JSON (RFC 8259 / I-JSON RFC 7493 / JCS RFC 8785)
  'JSON_SYNTAX',
  'JSON_DUPLICATE_KEY',
  'JSON_FORBIDDEN_KEY',
  'JSON_TOO_DEEP',
  'JSON_UNSUPPORTED_VALUE',
  'JSON_NOT_CANONICAL',
  // Merkle trees (RFC 6962 / RFC 9162)
  'MERKLE_BAD_ARGUMENT',
  'MERKLE_MISSING_SUBTREE',
  // Signed notes (c2sp.org/signed-note)
  'VKEY_INVALID',
  'NOTE_MALFORMED',
  'NOTE_BAD_SIGNATURE',
  'NOTE_UNVERIFIED',
  'NOTE_AMBIGUOUS_KEY',
  // Checkpoints and proofs (c2sp.org/tlog-checkpoint, c2sp.org/tlog-proof)
  'CHECKPOINT_MALFORMED',
  'CHECKPOINT_WRONG_ORIGIN',
  'PROOF_MALFORMED',
  'PROOF_INVALID',
  // Signed envelopes (DSSE, github.com/secure-systems-lab/dsse)
  'DSSE_MALFORMED',
  'DSSE_BAD_SIGNATURE',
] as const;

export type LedgerErrorCode = (typeof ledgerErrorCodes)[number];

/** A ledger format or verification failure with a stable code and a message a person can use. */
export class LedgerError extends Error {
  override readonly name = 'LedgerError';

  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
