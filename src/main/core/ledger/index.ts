/*
 * The ledger's format primitives (ARCHITECTURE.md §3): canonical JSON entries, the RFC 6962
 * tree over stored subtree hashes, C2SP signed notes, checkpoints and tlog-proof files. Pure and
 * synchronous; the database layer supplies a SubtreeStore and persists what append returns.
 */
export { bytesEqual, fromBase64, fromHex, toBase64, toHex } from './bytes';
export type { CanonicalizeOptions } from './canonical-json';
export { canonicalBytes, canonicalize, parseCanonicalJson } from './canonical-json';
export type { Checkpoint, VerifiedCheckpoint, VerifyCheckpointOptions } from './checkpoint';
export { formatCheckpoint, parseCheckpoint, signCheckpoint, verifyCheckpoint } from './checkpoint';
export type { Ed25519KeyPair } from './ed25519-keys';
export {
  ed25519PrivateKeyFromSeed,
  ed25519PublicKeyBytes,
  ed25519PublicKeyFromBytes,
  ed25519SeedFromPrivateKey,
  generateEd25519KeyPair,
} from './ed25519-keys';
export type { LedgerErrorCode } from './errors';
export { LedgerError, ledgerErrorCodes } from './errors';
export type { JsonObject, JsonValue } from './json-value';
export { DEFAULT_MAX_JSON_DEPTH } from './json-value';
export { MemorySubtreeStore } from './memory-subtree-store';
export { emptyRoot, HASH_SIZE, leafHash, nodeHash } from './merkle-hash';
export type { StoredSubtree, SubtreeStore } from './merkle-tree';
export {
  consistencyProof,
  inclusionProof,
  MerkleAccumulator,
  merkleRoot,
  rootAt,
} from './merkle-tree';
export { verifyConsistency, verifyInclusion } from './merkle-verify';
export type { NoteSigner, NoteVerifier } from './note-keys';
export {
  createNoteSigner,
  createNoteVerifier,
  ed25519KeyId,
  formatKeyId,
  formatVerifierKey,
  isValidKeyName,
  parseVerifierKey,
} from './note-keys';
export type { NoteSignature, OpenedNote, ParsedNote } from './signed-note';
export { MAX_NOTE_SIGNATURES, openNote, parseSignedNote, signNote } from './signed-note';
export type { StrictJsonOptions } from './strict-json';
export { parseJsonStrict } from './strict-json';
export type { ProvenLeaf, TlogProof, VerifiedTlogProof } from './tlog-proof';
export {
  createTlogProof,
  formatTlogProof,
  parseTlogProof,
  TLOG_PROOF_HEADER,
  verifyTlogProof,
} from './tlog-proof';
