import type Database from 'better-sqlite3';
import { bytesEqual, toBase64, toHex } from '../ledger/bytes';
import { verifyCheckpoint } from '../ledger/checkpoint';
import { LedgerError } from '../ledger/errors';
import { rootAt } from '../ledger/merkle-tree';
import { parseVerifierKey } from '../ledger/note-keys';
import type { Workspace } from '../workspace/workspace';
import { listCheckpoints, type StoredCheckpoint } from './checkpoints';
import { checkProjections, type ProjectionCheck } from './replay';
import type { VerificationFault, VerificationReport } from './verification-report';
import { classifyPositionFault } from './verify-chain';
import { type ChainLevels, type ChainPlan, verifyChainSequentially } from './verify-parallel-tasks';

function checkpointFaults(
  checkpoints: StoredCheckpoint[],
  vkeys: readonly string[],
  size: number,
  roots: Map<number, Uint8Array>,
): VerificationFault | null {
  // Every key the ledger registered: checkpoints signed before a rotation carry the old one.
  const verifiers = vkeys.map(parseVerifierKey);
  const verifier = verifiers.length > 0 ? verifiers : undefined;
  if (verifier && !checkpoints.some((checkpoint) => checkpoint.source === 'self')) {
    // A workspace with a key signs its first checkpoint in the transaction that creates it.
    return {
      seq: null,
      kind: 'checkpoint-missing',
      message:
        "The ledger registers a signing key but holds no checkpoint signed with it: the node's checkpoints were deleted.",
    };
  }
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

/** What a verification reads before it starts: the ledger's size then, and what it promises. */
export interface VerificationPlan extends ChainPlan {
  source: string;
  checkpoints: StoredCheckpoint[];
  /** The key in use: the latest registered (or rotated to). */
  vkey: string | undefined;
  /** Every key the ledger registered, oldest first. */
  vkeys: string[];
}

/**
 * The keys the ledger itself registered (node.key_registered, then each node.key_rotated), not
 * the node_key table: level 1 checks those bytes, so swapping a key means rewriting the chain,
 * which the checkpoints signed with the old key expose.
 */
function keysRegisteredInLedger(ws: Workspace, size: number): string[] {
  const rows = ws.sqlite
    .prepare(
      "SELECT bytes FROM ledger_entry WHERE type IN ('node.key_registered', 'node.key_rotated') AND seq < ? ORDER BY seq",
    )
    .pluck()
    .all(size) as Buffer[];
  const vkeys: string[] = [];
  for (const bytes of rows) {
    try {
      const { payload } = JSON.parse(bytes.toString('utf8')) as { payload?: { vkey?: unknown } };
      if (typeof payload?.vkey === 'string') vkeys.push(payload.vkey);
    } catch {
      // Level 1 reports the damaged entry itself.
    }
  }
  return vkeys;
}

/**
 * Reads the ledger's size, the root its stored subtrees promise at that size and the stored
 * checkpoints. Entries appended after this are not part of the run (the ledger only grows).
 */
export function planVerification(ws: Workspace, source: string = ws.path): VerificationPlan {
  const checkpoints = listCheckpoints(ws.sqlite);
  // The stored tree remembers every leaf it was given: entries deleted from the end while the
  // tree stayed are a truncation level 1 names, not only a rollback behind a checkpoint.
  const treeLeaves = ws.sqlite
    .prepare('SELECT coalesce(max(idx) + 1, 0) FROM ledger_subtree WHERE level = 0')
    .pluck()
    .get() as number;
  const size = Math.max(ws.ledger.size, treeLeaves);
  const vkeys = keysRegisteredInLedger(ws, size);
  return {
    source,
    size,
    expectedRoot: rootAt(size, ws.ledger.subtrees),
    checkpoints,
    checkpointSizes: [...new Set(checkpoints.map((c) => c.size))].sort((a, b) => a - b),
    vkey: vkeys.at(-1),
    vkeys,
  };
}

/** The bytes at a position in seq order: what a reader of the table finds there. */
function entryAtPosition(sqlite: Database.Database): (position: number) => Uint8Array | undefined {
  const select = sqlite
    .prepare('SELECT bytes FROM ledger_entry ORDER BY seq LIMIT 1 OFFSET ?')
    .pluck();
  return (position) => select.get(position) as Buffer | undefined;
}

/**
 * The report for levels 1 and 2, from level 1's verdict: says in plain words what was
 * checked; the first fault found names its entry and kind.
 */
export function reportChainAndCheckpoints(
  plan: VerificationPlan,
  levels: ChainLevels,
  sqlite: Database.Database,
): VerificationReport {
  const { roots } = levels;
  const chain = levels.chain.fault
    ? { ...levels.chain, fault: classifyPositionFault(levels.chain.fault, entryAtPosition(sqlite)) }
    : levels.chain;
  const { checkpoints, vkey } = plan;
  const latest = checkpoints.filter((c) => c.source === 'self').at(-1);
  const report: VerificationReport = {
    ok: false,
    source: plan.source,
    size: chain.size,
    root: toHex(chain.root),
    checkpoint:
      latest && vkey
        ? { size: latest.size, root: toBase64(latest.root), keyName: latest.origin, vkey }
        : null,
    checks: [],
    fault: null,
  };
  report.checks.push({
    level: 1,
    name: 'entries',
    detail: chain.fault
      ? `canonical bytes, sequence, hash chain, stored leaf hashes and the tree root of ${plan.size} entries: entries before ${chain.fault.seq} passed`
      : `${chain.size} entries: canonical bytes, sequence, hash chain, stored leaf hashes and the tree root`,
    ok: chain.fault === null,
  });
  if (chain.fault) {
    report.fault = chain.fault;
    return report;
  }
  const checkpointFault = checkpointFaults(checkpoints, plan.vkeys, chain.size, roots);
  report.checks.push({
    level: 2,
    name: 'checkpoints',
    detail: `${checkpoints.length} stored checkpoint${checkpoints.length === 1 ? '' : 's'}: signatures, no rollback, no fork, roots consistent with the entries`,
    ok: checkpointFault === null,
  });
  report.fault = checkpointFault;
  report.ok = checkpointFault === null;
  return report;
}

/** Adds level 3 (deep) to a report whose levels 1 and 2 passed. */
export function reportProjections(report: VerificationReport, check: ProjectionCheck): void {
  report.checks.push({
    level: 3,
    name: 'projections',
    detail: 'replayed every entry into a scratch database and compared every table row',
    ok: check.first === null,
  });
  if (check.first) {
    report.ok = false;
    report.fault = {
      seq: null,
      kind: 'projection-mismatch',
      message: `${check.count} row(s) differ from the ledger's replay; first: ${check.first.table} ${check.first.key} (${check.first.kind}).`,
    };
  }
}

/**
 * Verifies a workspace's ledger at the three levels of ARCHITECTURE.md §3 on this thread, in
 * one sequential pass (verifyLedgerFile spreads level 1 over every core and can be cancelled).
 */
export function verifyWorkspace(
  ws: Workspace,
  options: { deep?: boolean } = {},
): VerificationReport {
  const plan = planVerification(ws);
  const report = reportChainAndCheckpoints(
    plan,
    verifyChainSequentially(ws.sqlite, plan),
    ws.sqlite,
  );
  if (report.ok && options.deep) {
    reportProjections(report, checkProjections(ws.sqlite, { verifiedSize: plan.size }));
  }
  return report;
}
