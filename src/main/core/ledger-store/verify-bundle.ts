import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { toBase64, toHex } from '../ledger/bytes';
import { type Checkpoint, verifyCheckpoint } from '../ledger/checkpoint';
import { parseVerifierKey, type NoteVerifier } from '../ledger/note-keys';
import { BUNDLE_FILES } from './export-bundle';
import type { VerificationReport } from './verification-report';
import { MAX_ENTRY_BYTES } from './ledger-entry';
import { classifyPositionFault, type EntryRecord, verifyEntryChain } from './verify-chain';

/** No ledger entry is anywhere near this; a longer line is not an entry. */

function readSmallFile(dir: string, name: string, limit: number): string {
  const path = join(dir, name);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new AppError('BUNDLE_INVALID', `${dir} is not a ledger export: ${name} is missing.`);
  }
  if (statSync(path).size > limit) {
    throw new AppError('BUNDLE_INVALID', `${path} is larger than any ${name} file can be.`);
  }
  return readFileSync(path, 'utf8');
}

/**
 * Lines of a file as byte buffers, read in chunks so memory stays flat however long the
 * ledger. An over-long line is yielded truncated (it then fails verification as an entry).
 */
export function* readLines(path: string, maxLine = MAX_ENTRY_BYTES): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let line = 0;
    const tooLong = () =>
      new AppError(
        'BUNDLE_INVALID',
        `Line ${line + 1} of ${path} is longer than ${maxLine} bytes, more than any ledger entry can be: the file was altered or is not a Concordat export.`,
      );
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      let start = 0;
      for (let i = 0; i < read; i += 1) {
        if (chunk[i] !== 0x0a) continue;
        if (pendingBytes + (i - start) > maxLine) throw tooLong();
        pending.push(Buffer.from(chunk.subarray(start, i)));
        yield Buffer.concat(pending);
        line += 1;
        pending = [];
        pendingBytes = 0;
        start = i + 1;
      }
      if (start < read) {
        // Count every byte, kept or not: a line must never lose its middle.
        pendingBytes += read - start;
        if (pendingBytes > maxLine) throw tooLong();
        pending.push(Buffer.from(chunk.subarray(start, read)));
      }
    }
    if (pending.length > 0) yield Buffer.concat(pending);
  } finally {
    closeSync(fd);
  }
}

/**
 * Verifies an exported bundle with nothing but its own files and the vkey it names, or the
 * vkey the auditor pinned (obtained from the node's operator out of band): a bundle signed with
 * any other key then fails, however consistent it is.
 */
export function verifyBundle(
  dir: string,
  options: { pinnedVkey?: string } = {},
): VerificationReport {
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(
      options.pinnedVkey ?? readSmallFile(dir, BUNDLE_FILES.vkey, 1024).trim(),
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'BUNDLE_INVALID',
      options.pinnedVkey === undefined
        ? `${join(dir, BUNDLE_FILES.vkey)} is not a verifier key.`
        : 'The pinned --vkey is not a verifier key (name+keyid+base64).',
    );
  }
  const note = readSmallFile(dir, BUNDLE_FILES.checkpoint, 64 * 1024);
  const entriesPath = join(dir, BUNDLE_FILES.entries);
  // A directory (or anything else) in its place is not an export either; reading it would fail
  // with an untyped EISDIR.
  if (!existsSync(entriesPath) || !statSync(entriesPath).isFile()) {
    throw new AppError(
      'BUNDLE_INVALID',
      `${dir} is not a ledger export: ${BUNDLE_FILES.entries} is missing.`,
    );
  }
  const report: VerificationReport = {
    ok: false,
    source: dir,
    size: 0,
    root: '',
    checkpoint: null,
    checks: [],
    fault: null,
  };
  let checkpoint: Checkpoint;
  try {
    checkpoint = verifyCheckpoint(note, verifier).checkpoint;
  } catch (error) {
    report.checks.push({
      level: 1,
      name: 'checkpoint',
      detail: `signature by ${verifier.vkey}`,
      ok: false,
    });
    report.fault = {
      seq: null,
      kind: 'checkpoint-signature',
      message: `The checkpoint does not verify with the bundle's key: ${(error as Error).message}.`,
    };
    return report;
  }
  report.checkpoint = {
    size: checkpoint.size,
    root: toBase64(checkpoint.rootHash),
    keyName: verifier.name,
    vkey: verifier.vkey,
  };
  report.checks.push({
    level: 1,
    name: 'checkpoint',
    detail: `signed note verifies with ${verifier.vkey}`,
    ok: true,
  });

  let lines = 0;
  function* entries(): Generator<EntryRecord> {
    for (const bytes of readLines(entriesPath)) {
      lines += 1;
      if (lines > checkpoint.size) return;
      yield { bytes };
    }
  }
  const chain = verifyEntryChain(entries(), { size: checkpoint.size, root: checkpoint.rootHash });
  if (chain.fault) {
    chain.fault = classifyPositionFault(chain.fault, (position) => {
      let line = 0;
      for (const bytes of readLines(entriesPath)) if (line++ === position) return bytes;
      return undefined;
    });
  }
  report.size = chain.size;
  report.root = toHex(chain.root);
  const extra = lines > checkpoint.size;
  report.checks.push({
    level: 1,
    name: 'entries',
    detail: `${chain.size} entries: canonical bytes, sequence, hash chain and the root signed in the checkpoint`,
    ok: chain.fault === null && !extra,
  });
  if (chain.fault) report.fault = chain.fault;
  else if (extra) {
    report.fault = {
      seq: checkpoint.size,
      kind: 'checkpoint-mismatch',
      message: `${BUNDLE_FILES.entries} holds more entries than the checkpoint's ${checkpoint.size}; they are not covered by any signature.`,
    };
  } else report.ok = true;
  return report;
}
