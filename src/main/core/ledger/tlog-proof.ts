import { bytesEqual, fromBase64, hasLoneSurrogate, toBase64 } from './bytes';
import type { Checkpoint, VerifyCheckpointOptions } from './checkpoint';
import { parseCheckpoint, verifyCheckpoint } from './checkpoint';
import { LedgerError } from './errors';
import { HASH_SIZE, leafHash as hashLeaf } from './merkle-hash';
import type { SubtreeStore } from './merkle-tree';
import { inclusionProof, rootAt } from './merkle-tree';
import { verifyInclusion } from './merkle-verify';
import type { NoteVerifier } from './note-keys';
import { parseVerifierKey } from './note-keys';
import { MAX_NOTE_BYTES, parseSignedNote } from './signed-note';

/*
 * c2sp.org/tlog-proof@v1: a header line, an optional `extra <base64>` line, `index <n>`, the
 * inclusion proof one base64 hash per line (leaf's sibling first, RFC 6962 §2.1.1), a blank
 * line, then the signed checkpoint verbatim. Files conventionally end in `.tlog-proof`.
 */

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

// A tree of fewer than 2^53 leaves has proofs of at most 53 hashes.
const MAX_PROOF_HASHES = 64;
const INDEX_RE = /^index (0|[1-9][0-9]*)$/;
const EXTRA_PREFIX = 'extra ';

export interface TlogProof {
  index: number;
  /** Inclusion proof hashes, leaf's sibling first. */
  proof: Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  checkpoint: string;
  /** Opaque, unauthenticated extra data: never trust it without checking it separately. */
  extra?: Uint8Array;
}

/** The entry bytes (hashed here) or an already computed RFC 6962 leaf hash. */
export type ProvenLeaf = { entry: Uint8Array } | { leafHash: Uint8Array };

export interface VerifiedTlogProof {
  index: number;
  leafHash: Uint8Array;
  checkpoint: Checkpoint;
  extra?: Uint8Array;
}

export function formatTlogProof(proof: TlogProof): string {
  const { index, checkpoint, extra } = proof;
  if (!Number.isSafeInteger(index) || index < 0) {
    throw malformed('the index must be an integer ≥ 0');
  }
  if (proof.proof.length > MAX_PROOF_HASHES) throw malformed('the proof is too long');
  if (proof.proof.some((hash) => hash.byteLength !== HASH_SIZE)) {
    throw malformed(`proof hashes must be ${HASH_SIZE} bytes`);
  }
  if (!checkpoint.endsWith('\n')) throw malformed('the checkpoint note must end with a newline');
  const lines = [TLOG_PROOF_HEADER];
  if (extra !== undefined) lines.push(EXTRA_PREFIX + toBase64(extra));
  lines.push(`index ${index}`, ...proof.proof.map(toBase64));
  return `${lines.join('\n')}\n\n${checkpoint}`;
}

/** Parses the proof structure; the checkpoint inside is only checked by verifyTlogProof. */
export function parseTlogProof(text: string): TlogProof {
  if (text.length > 2 * MAX_NOTE_BYTES || hasLoneSurrogate(text)) {
    throw malformed('not a proof file');
  }
  const split = text.indexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the checkpoint');
  const lines = text.slice(0, split).split('\n');
  const checkpoint = text.slice(split + 2);
  let at = 0;
  if (lines[at++] !== TLOG_PROOF_HEADER) {
    throw malformed(`the first line must be ${TLOG_PROOF_HEADER}`);
  }
  let extra: Uint8Array | undefined;
  if (lines[at]?.startsWith(EXTRA_PREFIX)) {
    extra = decode(lines[at++]?.slice(EXTRA_PREFIX.length) ?? '', 'the extra data');
  }
  const indexMatch = INDEX_RE.exec(lines[at++] ?? '');
  const index = Number(indexMatch?.[1]);
  if (indexMatch === null || !Number.isSafeInteger(index)) throw malformed('expected "index <n>"');
  const hashes = lines.slice(at);
  if (hashes.length > MAX_PROOF_HASHES) throw malformed('the proof is too long');
  const proof = hashes.map((line) => {
    const hash = decode(line, 'a proof hash');
    if (hash.byteLength !== HASH_SIZE) throw malformed(`proof hashes must be ${HASH_SIZE} bytes`);
    return hash;
  });
  return extra === undefined ? { index, proof, checkpoint } : { index, proof, checkpoint, extra };
}

/**
 * Checks a proof file: the checkpoint's signature (and origin) first, then that the leaf is at
 * `index` in the checkpointed tree. Throws NOTE_* / CHECKPOINT_* / PROOF_* LedgerErrors.
 */
export function verifyTlogProof(
  proofText: string,
  leaf: ProvenLeaf,
  verifier: string | NoteVerifier | readonly NoteVerifier[],
  options: VerifyCheckpointOptions = {},
): VerifiedTlogProof {
  const parsed = parseTlogProof(proofText);
  const verifiers = typeof verifier === 'string' ? parseVerifierKey(verifier) : verifier;
  const { checkpoint } = verifyCheckpoint(parsed.checkpoint, verifiers, options);
  const hash = 'entry' in leaf ? hashLeaf(leaf.entry) : leaf.leafHash;
  if (parsed.index >= checkpoint.size) {
    throw new LedgerError(
      'PROOF_INVALID',
      `Index ${parsed.index} is outside the checkpointed tree of size ${checkpoint.size}`,
    );
  }
  if (!verifyInclusion(hash, parsed.index, checkpoint.size, parsed.proof, checkpoint.rootHash)) {
    throw new LedgerError(
      'PROOF_INVALID',
      `The inclusion proof for index ${parsed.index} does not match the checkpoint root`,
    );
  }
  const result: VerifiedTlogProof = { index: parsed.index, leafHash: hash, checkpoint };
  if (parsed.extra !== undefined) result.extra = parsed.extra;
  return result;
}

/**
 * Builds the proof file for leaf `index` against one of this node's own signed checkpoints,
 * reading the proof from the stored subtrees. The checkpoint is trusted because we signed it.
 */
export function createTlogProof(
  index: number,
  signedCheckpoint: string,
  store: SubtreeStore,
  extra?: Uint8Array,
): string {
  const { size, rootHash } = parseCheckpoint(parseSignedNote(signedCheckpoint).text);
  // Cheap (O(log n)) and catches a checkpoint from another log or a damaged store.
  if (!bytesEqual(rootAt(size, store), rootHash)) {
    throw new LedgerError('PROOF_INVALID', 'The stored tree does not match the checkpoint root');
  }
  const proof = inclusionProof(index, size, store);
  return formatTlogProof(
    extra === undefined
      ? { index, proof, checkpoint: signedCheckpoint }
      : { index, proof, checkpoint: signedCheckpoint, extra },
  );
}

function decode(text: string, what: string): Uint8Array {
  try {
    return fromBase64(text);
  } catch (error) {
    throw malformed(`${what} is not standard base64`, error);
  }
}

function malformed(reason: string, cause?: unknown): LedgerError {
  return new LedgerError('PROOF_MALFORMED', `Malformed tlog-proof: ${reason}`, { cause });
}
