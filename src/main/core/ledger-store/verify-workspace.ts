import type Database from 'better-sqlite3';
import { bytesEqual, toBase64, toHex } from '../ledger/bytes';
import { verifyCheckpoint } from '../ledger/checkpoint';
import { LedgerError } from '../ledger/errors';
import { MerkleAccumulator, rootAt } from '../ledger/merkle-tree';
import { parseVerifierKey } from '../ledger/note-keys';
import type { Workspace } from '../workspace/workspace';
import { listCheckpoints, type StoredCheckpoint } from './checkpoints';
import { compareProjections, replayIntoScratch } from './replay';
import type {
  VerificationCheck,
  VerificationFault,
  VerificationReport,
} from './verification-report';
import { type EntryRecord, verifyEntryChain } from './verify-chain';

/**
 * Streams entries while recording the tree root at each checkpoint size, from the stored leaf
 * hashes (verifyEntryChain separately proves each stored leaf hash matches its bytes).
 */
function* entriesWithPrefixRoots(
  sqlite: Database.Database,
  sizes: Set<number>,
  roots: Map<number, Uint8Array>,
): Generator<EntryRecord> {
  const prefix = new MerkleAccumulator();
  const rows = sqlite
    .prepare('SELECT bytes, leaf_hash AS leafHash FROM ledger_entry ORDER BY seq')
    .iterate() as IterableIterator<{ bytes: Buffer; leafHash: Buffer }>;
  for (const row of rows) {
    yield row;
    prefix.push(row.leafHash);
    if (sizes.has(prefix.size)) roots.set(prefix.size, prefix.root());
  }
}

function checkpointFaults(
  checkpoints: StoredCheckpoint[],
  vkey: string | undefined,
  size: number,
  roots: Map<number, Uint8Array>,
): VerificationFault | null {
  const verifier = vkey === undefined ? undefined : parseVerifierKey(vkey);
  const bySize = new Map<number, StoredCheckpoint>();
  for (const checkpoint of checkpoints) {
    if (checkpoint.source === 'self') {
      if (!verifier) {
        return {
          seq: null,
          kind: 'checkpoint-signature',
          message: `Checkpoint ${checkpoint.id} was signed, but the ledger registers no key.`,
        };
      }
      try {
        const { checkpoint: body } = verifyCheckpoint(checkpoint.note, verifier);
        if (body.size !== checkpoint.size || !bytesEqual(body.rootHash, checkpoint.root)) {
          throw new LedgerError(
            'CHECKPOINT_MALFORMED',
            'stored size or root differ from the signed note',
          );
        }
      } catch (error) {
        return {
          seq: null,
          kind: 'checkpoint-signature',
          message: `Checkpoint ${checkpoint.id} (size ${checkpoint.size}) does not verify with the node's key: ${(error as Error).message}.`,
        };
      }
    }
    const seen = bySize.get(checkpoint.size);
    if (seen && !bytesEqual(seen.root, checkpoint.root)) {
      return {
        seq: checkpoint.size - 1,
        kind: 'fork',
        message: `Checkpoints ${seen.id} and ${checkpoint.id} both sign size ${checkpoint.size} with different roots; both are kept as evidence.`,
      };
    }
    bySize.set(checkpoint.size, checkpoint);
  }
  for (const checkpoint of checkpoints) {
    if (checkpoint.size > size) {
      return {
        seq: size,
        kind: 'rollback',
        message: `A checkpoint signed size ${checkpoint.size}, but the ledger holds only ${size} entries: it was rolled back or truncated.`,
      };
    }
    const root = checkpoint.size === 0 ? undefined : roots.get(checkpoint.size);
    if (root && !bytesEqual(root, checkpoint.root)) {
      return {
        seq: checkpoint.size - 1,
        kind: 'checkpoint-mismatch',
        message: `The first ${checkpoint.size} entries do not hash to the root checkpoint ${checkpoint.id} signed: history was rewritten.`,
      };
    }
  }
  return null;
}

/**
 * Verifies a workspace's ledger at the three levels of ARCHITECTURE.md §3 and says, in plain
 * words, what was checked; the first fault found names its entry and kind.
 */
export function verifyWorkspace(
  ws: Workspace,
  options: { deep?: boolean } = {},
): VerificationReport {
  const checkpoints = listCheckpoints(ws.sqlite);
  const vkey = ws.registeredVkey();
  const sizes = new Set(checkpoints.map((c) => c.size));
  const roots = new Map<number, Uint8Array>();
  const storedSize = ws.ledger.size;
  const chain = verifyEntryChain(entriesWithPrefixRoots(ws.sqlite, sizes, roots), {
    size: storedSize,
    root: rootAt(storedSize, ws.ledger.subtrees),
  });
  const latest = checkpoints.filter((c) => c.source === 'self').at(-1);
  const report: VerificationReport = {
    ok: false,
    source: ws.path,
    size: chain.size,
    root: toHex(chain.root),
    checkpoint:
      latest && vkey
        ? { size: latest.size, root: toBase64(latest.root), keyName: latest.origin, vkey }
        : null,
    checks: [],
    fault: null,
  };
  const level1: VerificationCheck = {
    level: 1,
    name: 'entries',
    detail: `${chain.size} entries: canonical bytes, sequence, hash chain, stored leaf hashes and the tree root`,
    ok: chain.fault === null,
  };
  report.checks.push(level1);
  if (chain.fault) {
    report.fault = chain.fault;
    return report;
  }

  const checkpointFault = checkpointFaults(checkpoints, vkey, chain.size, roots);
  report.checks.push({
    level: 2,
    name: 'checkpoints',
    detail: `${checkpoints.length} stored checkpoint${checkpoints.length === 1 ? '' : 's'}: signatures, no rollback, no fork, roots consistent with the entries`,
    ok: checkpointFault === null,
  });
  if (checkpointFault) {
    report.fault = checkpointFault;
    return report;
  }

  if (options.deep) {
    const scratch = replayIntoScratch(ws.sqlite);
    try {
      const differences = compareProjections(ws.sqlite, scratch);
      const first = differences[0];
      report.checks.push({
        level: 3,
        name: 'projections',
        detail: 'replayed every entry into a scratch database and compared every table row',
        ok: first === undefined,
      });
      if (first) {
        report.fault = {
          seq: null,
          kind: 'projection-mismatch',
          message: `${differences.length} row(s) differ from the ledger's replay; first: ${first.table} ${first.key} (${first.kind}).`,
        };
        return report;
      }
    } finally {
      scratch.close();
    }
  }
  report.ok = true;
  return report;
}
