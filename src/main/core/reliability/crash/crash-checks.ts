import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { assertNever } from '../../../../shared/errors';
import { pendingKeyPath } from '../../keys/key-swap';
import { keyFilePath } from '../../keys/node-key-file';
import { verifyDsse } from '../../ledger/dsse';
import { toHex } from '../../ledger/bytes';
import { parseVerifierKey } from '../../ledger/note-keys';
import { verifyWorkspace } from '../../ledger-store/verify-workspace';
import { Workspace } from '../../workspace/workspace';
import { type AckLine, bulkKinds, type CommandLine, crashKeyProtection } from './crash-protocol';

export interface CheckInput {
  path: string;
  /** The peer whose snapshots the child imports and to which it issues its own. */
  peerId: string;
  /** Every acknowledgement since the workspace was fresh, oldest first. */
  acks: readonly AckLine[];
  /** The command the child had begun but not acknowledged when it died, if any. */
  inFlight: CommandLine | null;
}

export interface CheckOutcome {
  /** What does not hold; empty when the workspace came through the kill intact. */
  problems: string[];
  ledgerSize: number;
  /** Whether an in-flight bulk command's records are all there (true) or none (false). */
  inFlightLanded: boolean | null;
  /** Key files a rotation left behind that are allowed to stay (a never-registered key). */
  leftovers: string[];
}

const TEST_PAYLOAD_TYPE = 'application/vnd.concordat.crash-check';

/** SQLite's own view of the file: every page, index and constraint. */
function checkFile(path: string, problems: string[]): void {
  // A plain connection, as SQLite would see the file after a crash: it recovers the WAL first.
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    const integrity = sqlite.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') {
      problems.push(
        `PRAGMA integrity_check: ${integrity
          .slice(0, 5)
          .map((row) => row.integrity_check)
          .join('; ')}`,
      );
    }
    const orphans = sqlite.pragma('foreign_key_check') as unknown[];
    if (orphans.length > 0) {
      problems.push(`PRAGMA foreign_key_check: ${String(orphans.length)} row(s) break a reference`);
    }
  } finally {
    sqlite.close();
  }
}

/** The key unlocked (a rotation cut short is finished or rolled back) and signs for the ledger. */
function checkKey(ws: Workspace, problems: string[]): void {
  const vkey = ws.registeredVkey();
  if (!ws.isUnlocked || vkey === undefined) {
    problems.push('the signing key did not unlock after the kill');
    return;
  }
  const envelope = ws.signEnvelope(TEST_PAYLOAD_TYPE, Buffer.from('crash check'));
  try {
    verifyDsse(envelope, parseVerifierKey(vkey), TEST_PAYLOAD_TYPE);
  } catch (error) {
    problems.push(`the unlocked key does not sign for the registered key: ${String(error)}`);
  }
}

/** How many of a bulk command's records are there (those an acknowledgement promises). */
function bulkCount(ws: Workspace, command: CommandLine): number {
  const count = (sql: string, ...params: unknown[]) =>
    ws.sqlite
      .prepare(sql)
      .pluck()
      .get(ws.node.nodeId, ...params) as number;
  switch (command.kind) {
    case 'catalog-import':
      return count(
        "SELECT count(*) FROM dataset WHERE owner_node = ? AND identifier LIKE ? || '-%'",
        command.subject,
      );
    case 'request-grants':
      return count(
        'SELECT count(*) FROM access_grant WHERE owner_node = ? AND justification = ?',
        command.subject,
      );
    case 'approve-grants':
      return count(
        'SELECT count(*) FROM access_grant WHERE owner_node = ? AND justification = ? AND approved_at IS NOT NULL',
        command.subject,
      );
    default:
      throw new Error(`${command.kind} is not a bulk command`);
  }
}

/** Whether what an acknowledged command made is still there. */
function acknowledged(ws: Workspace, ack: AckLine, peerId: string): boolean {
  const exists = (sql: string, ...params: unknown[]) =>
    ws.sqlite
      .prepare(sql)
      .pluck()
      .get(...params) !== undefined;
  switch (ack.kind) {
    case 'create-dataset':
      return exists('SELECT 1 FROM dataset WHERE id = ?', ack.subject);
    case 'add-principal':
      return exists('SELECT 1 FROM principal WHERE id = ?', ack.subject);
    case 'request-grant':
      return exists('SELECT 1 FROM access_grant WHERE id = ?', ack.subject);
    case 'approve-grant':
      return exists(
        'SELECT 1 FROM access_grant WHERE id = ? AND approved_at IS NOT NULL',
        ack.subject,
      );
    case 'revoke-grant':
      return exists("SELECT 1 FROM access_grant WHERE id = ? AND status = 'revoked'", ack.subject);
    case 'catalog-import':
    case 'request-grants':
    case 'approve-grants':
      return bulkCount(ws, ack) === ack.count;
    case 'snapshot-import':
      return exists(
        'SELECT 1 FROM snapshot_received WHERE peer_id = ? AND version = ?',
        peerId,
        Number(ack.subject),
      );
    case 'issue-snapshot':
      return exists(
        'SELECT 1 FROM snapshot_sent WHERE peer_id = ? AND version = ?',
        peerId,
        Number(ack.subject),
      );
    case 'checkpoint':
      return exists(
        "SELECT 1 FROM ledger_checkpoint WHERE source = 'self' AND size = ?",
        Number(ack.subject),
      );
    case 'key-rotation':
      return exists(
        "SELECT 1 FROM ledger_entry WHERE type = 'node.key_rotated' AND instr(CAST(bytes AS TEXT), ?) > 0",
        JSON.stringify(ack.subject),
      );
    case 'idle':
      return true;
    default:
      return assertNever(ack.kind);
  }
}

/** Every acknowledged command is there, and the ledger still holds what it held then. */
function checkAcknowledged(ws: Workspace, input: CheckInput, problems: string[]): void {
  const leafAt = ws.sqlite.prepare('SELECT leaf_hash FROM ledger_entry WHERE seq = ?').pluck();
  for (const ack of input.acks) {
    if (ack.size > ws.ledger.size) {
      problems.push(
        `${ack.kind} ${ack.subject} was acknowledged at ledger size ${String(ack.size)}; the ledger now holds ${String(ws.ledger.size)} entries`,
      );
      continue;
    }
    const leaf = leafAt.get(ack.size - 1) as Buffer | undefined;
    if (!leaf || !toHex(leaf).startsWith(ack.head)) {
      problems.push(
        `entry ${String(ack.size - 1)} is not the one acknowledged with ${ack.kind} ${ack.subject}: history changed`,
      );
    }
    if (!acknowledged(ws, ack, input.peerId)) {
      problems.push(
        `acknowledged ${ack.kind} ${ack.subject} (${String(ack.count)}) is missing after the kill`,
      );
    }
  }
}

/**
 * Checks a workspace its child was killed over: the file (integrity), the key (unlocks, signs
 * for the registered key), the ledger at every level including the replay (deep), every
 * acknowledged command, and that an interrupted bulk command left all its records or none.
 */
export function checkAfterKill(input: CheckInput): CheckOutcome {
  const problems: string[] = [];
  const outcome: CheckOutcome = { problems, ledgerSize: 0, inFlightLanded: null, leftovers: [] };
  checkFile(input.path, problems);
  let ws: Workspace;
  try {
    // Opening with the key is what the app does: it finishes a key swap cut short.
    ws = Workspace.open(input.path, { keyProtection: crashKeyProtection });
  } catch (error) {
    problems.push(`the workspace does not open after the kill: ${String(error)}`);
    return outcome;
  }
  try {
    outcome.ledgerSize = ws.ledger.size;
    checkKey(ws, problems);
    const report = verifyWorkspace(ws, { deep: true });
    if (!report.ok) {
      problems.push(
        `verification (deep) fails: ${report.fault?.kind ?? 'unknown'} at seq ${String(report.fault?.seq ?? '-')}: ${report.fault?.message ?? ''}`,
      );
    }
    checkAcknowledged(ws, input, problems);
    const { inFlight } = input;
    if (inFlight && bulkKinds.has(inFlight.kind)) {
      const found = bulkCount(ws, inFlight);
      if (found !== 0 && found !== inFlight.count) {
        problems.push(
          `${inFlight.kind} ${inFlight.subject} was interrupted and left ${String(found)} of its ${String(inFlight.count)} records: not all or nothing`,
        );
      }
      outcome.inFlightLanded = found === inFlight.count;
    }
  } finally {
    ws.close();
  }
  // A key a rotation wrote but never registered: never trusted, replaced by the next rotation.
  if (existsSync(pendingKeyPath(input.path))) outcome.leftovers.push('pending-key');
  // The old key a rotation set aside must be gone once the workspace is unlocked again.
  if (existsSync(`${keyFilePath(input.path)}.retired`)) {
    problems.push('the old key of an interrupted rotation is still on disk after unlocking');
  }
  return outcome;
}
