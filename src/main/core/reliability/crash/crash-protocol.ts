/**
 * What the crash child tells the harness, one line per event on stdout, each written with a
 * synchronous write(2) so that a line the parent reads is a line the child finished writing
 * before it died:
 *
 *   ready <ledger size>                          the workspace is open and its key unlocked
 *   begin <kind> <subject> <count>               a command starts
 *   committed <kind> <subject> <count> <size> <head>
 *                                                it committed: the ledger then held <size>
 *                                                entries, the last with leaf hash <head> (hex)
 *
 * The subject names what the command made (see CrashCommandKind); <count> is how many records a
 * bulk command wrote (1 for a single command). A `committed` line is an acknowledgement: once the
 * parent has read it, the change must survive any kill.
 */

/** Files of the shared fixture directory (see crash-fixtures.ts). */
export const fixtureFiles = {
  template: 'template.concordat',
  /** Written after the template is complete: the node ids the child and checks need. */
  manifest: 'fixture.json',
  /** Snapshot `v` from the peer, addressed to the template's node. */
  snapshot: (version: number) => `peer-snapshot-${String(version).padStart(3, '0')}.bundle`,
} as const;

export interface FixtureManifest {
  /** The template's node: the node every lane's workspace is a copy of. */
  nodeId: string;
  /** The peer whose snapshots the child imports and to which it issues its own. */
  peerId: string;
  /** How many consecutive snapshots from the peer there are (versions 1..snapshots). */
  snapshots: number;
}

/** The passphrase every crash workspace's key is protected with. */
export const crashKeyProtection = {
  kind: 'passphrase',
  passphrase: 'crash-harness passphrase',
} as const;

/**
 * Subjects: create-dataset, add-principal, request-grant, approve-grant, revoke-grant: the
 * record's id; catalog-import: the identifier prefix of its rows; request-grants: the
 * justification its grants carry; approve-grants: that of the batch it approved; snapshot-import
 * and issue-snapshot: the snapshot version; checkpoint: the size signed; key-rotation: the new
 * vkey. `idle` pauses so the WAL checkpointer's idle timer can run (nothing is acknowledged).
 */
export const crashCommandKinds = [
  'create-dataset',
  'add-principal',
  'request-grant',
  'approve-grant',
  'revoke-grant',
  'catalog-import',
  'request-grants',
  'approve-grants',
  'snapshot-import',
  'issue-snapshot',
  'checkpoint',
  'key-rotation',
  'idle',
] as const;
export type CrashCommandKind = (typeof crashCommandKinds)[number];

/** Commands that write many records in one transaction: all of them or none must survive. */
export const bulkKinds: ReadonlySet<CrashCommandKind> = new Set([
  'catalog-import',
  'request-grants',
  'approve-grants',
]);

export interface CommandLine {
  kind: CrashCommandKind;
  subject: string;
  count: number;
}

export interface AckLine extends CommandLine {
  size: number;
  head: string;
}

export type ChildLine =
  | { type: 'ready'; size: number }
  | ({ type: 'begin' } & CommandLine)
  | ({ type: 'committed' } & AckLine);

export function formatBegin(command: CommandLine): string {
  return `begin ${command.kind} ${command.subject} ${command.count}\n`;
}

export function formatAck(ack: AckLine): string {
  return `committed ${ack.kind} ${ack.subject} ${ack.count} ${ack.size} ${ack.head}\n`;
}

function isKind(value: string | undefined): value is CrashCommandKind {
  return (crashCommandKinds as readonly (string | undefined)[]).includes(value);
}

function count(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${String(value)}`);
  return n;
}

/** Parses one line of the child's stdout; throws on anything else (the protocol is strict). */
export function parseChildLine(line: string): ChildLine {
  const [type, kind, subject, n, size, head, ...rest] = line.split(' ');
  if (type === 'ready' && kind !== undefined && subject === undefined) {
    return { type, size: count(kind) };
  }
  if (type === 'begin' && isKind(kind) && subject && size === undefined) {
    return { type, kind, subject, count: count(n) };
  }
  if (type === 'committed' && isKind(kind) && subject && head && rest.length === 0) {
    return { type, kind, subject, count: count(n), size: count(size), head };
  }
  throw new Error(`unexpected line from the crash child: ${JSON.stringify(line)}`);
}
