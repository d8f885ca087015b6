import { fromBase64, hasControlCharacter, toBase64 } from './bytes';
import { LedgerError } from './errors';
import { HASH_SIZE } from './merkle-hash';
import type { NoteSigner, NoteVerifier } from './note-keys';
import type { OpenedNote } from './signed-note';
import { openNote, signNote } from './signed-note';

/*
 * c2sp.org/tlog-checkpoint note text: origin, decimal tree size, base64 root hash, then
 * optional non-empty extension lines, each ending in a newline.
 */

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** Opaque extension lines; the spec does not recommend them. */
  extensions?: readonly string[];
}

export interface VerifiedCheckpoint {
  checkpoint: Checkpoint;
  note: OpenedNote;
}

export interface VerifyCheckpointOptions {
  /**
   * The origin the caller expects. When omitted the origin must equal the name of a key whose
   * signature verified: tlog-checkpoint says the log's key name SHOULD match its origin, and
   * Concordat always signs that way, so a checkpoint cannot be replayed under another origin.
   */
  origin?: string;
}

const SIZE_RE = /^(?:0|[1-9][0-9]*)$/;

export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  if (!isValidLine(origin)) throw malformed('the origin must be one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) {
    throw malformed('the size must be a safe integer ≥ 0');
  }
  if (rootHash.byteLength !== HASH_SIZE) {
    throw malformed(`the root hash must be ${HASH_SIZE} bytes`);
  }
  for (const line of extensions) {
    if (!isValidLine(line)) throw malformed('extension lines must be non-empty single lines');
  }
  return [origin, String(size), toBase64(rootHash), ...extensions].join('\n') + '\n';
}

/** Parses checkpoint note text (the body, without signatures). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('the text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin === undefined || sizeText === undefined || rootText === undefined) {
    throw malformed('expected origin, size and root hash lines');
  }
  if (!lines.every(isValidLine)) {
    throw malformed('lines must be non-empty, without control characters');
  }
  if (!SIZE_RE.test(sizeText)) throw malformed('the size must be a decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw malformed('the size is too large');
  let rootHash: Uint8Array;
  try {
    rootHash = fromBase64(rootText);
  } catch (error) {
    throw malformed('the root hash is not standard base64', error);
  }
  if (rootHash.byteLength !== HASH_SIZE) {
    throw malformed(`the root hash must be ${HASH_SIZE} bytes`);
  }
  return { origin, size, rootHash, extensions };
}

/** Formats and signs a checkpoint; the result is the signed note to publish. */
export function signCheckpoint(
  checkpoint: Checkpoint,
  signers: NoteSigner | readonly NoteSigner[],
): string {
  return signNote(formatCheckpoint(checkpoint), Array.isArray(signers) ? signers : [signers]);
}

/** Verifies the note signature first, then parses the body (the text is untrusted until then). */
export function verifyCheckpoint(
  signedNote: string | Uint8Array,
  verifiers: NoteVerifier | readonly NoteVerifier[],
  options: VerifyCheckpointOptions = {},
): VerifiedCheckpoint {
  const note = openNote(signedNote, Array.isArray(verifiers) ? verifiers : [verifiers]);
  const checkpoint = parseCheckpoint(note.text);
  const expected = options.origin;
  const originOk =
    expected === undefined
      ? note.verified.some((signature) => signature.name === checkpoint.origin)
      : checkpoint.origin === expected;
  if (!originOk) {
    throw new LedgerError(
      'CHECKPOINT_WRONG_ORIGIN',
      `Checkpoint origin ${JSON.stringify(checkpoint.origin)} is not ${
        expected === undefined ? 'the name of its signing key' : JSON.stringify(expected)
      }`,
    );
  }
  return { checkpoint, note };
}

function isValidLine(line: string): boolean {
  return line !== '' && !hasControlCharacter(line, false);
}

function malformed(reason: string, cause?: unknown): LedgerError {
  return new LedgerError('CHECKPOINT_MALFORMED', `Malformed checkpoint: ${reason}`, { cause });
}
