import { resolve } from 'node:path';
import { roleListSchema } from '../../../shared/domain/roles';
import {
  type PeerSummary,
  type PeerTerms,
  peerRelationshipSchema,
} from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import { requirePermission } from '../../core/commands/authorise';
import { MAX_CARD_BYTES } from '../../core/sync/identity-card';
import {
  type PeerTransportInput,
  type PeerTransportSettings,
  setPeerTransport,
} from '../../core/sync/outbox/transport-settings';
import {
  addPeer,
  listPeers,
  type PeerRow,
  requireTrustedPeer,
  resolvePeer,
  revokePeer,
  updatePeer,
} from '../../core/sync/peers';
import type { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_OK, UsageError } from '../cli-error';
import { readFileCapped } from '../cli-files';
import { withCliWorkspace } from '../cli-workspace';
import { type CliIo, printJson } from '../io';

export const peerHelp = `concordat peer <subcommand> ...

  peer add CARD --fingerprint FP --db PATH [--as partner [--tier T]]
           [--as colleague --roles lead,steward [--governs]] [--json]
      Pins the node whose identity card is the file CARD. FP is the fingerprint the
      peer read to you over a channel you trust (a call, in person), never one taken
      from the card or the message that carried it; a card whose key does not match it
      is refused (FINGERPRINT_MISMATCH, exit 1). A partner is another organisation, at
      one of your charter's partner tiers; a colleague is another node of your own
      organisation, holding the roles given; --governs makes its published charter the
      one this node works under (at most one peer governs). Default: a partner, no tier.
  peer list --db PATH [--json]
      Every peer: organisation, relationship, status, fingerprint, the last snapshot
      sent and received, and whether what was received is stale (past its expiry).
  peer set PEER --as partner [--tier T] | --as colleague --roles R,... [--governs]
           --db PATH [--json]
      Replaces a peer's terms with those given.
  peer revoke PEER --reason TEXT --db PATH [--json]
      Stops trusting a peer: its snapshots are refused from now on, and it is never
      trusted again; what it sent before stays, as of then.
  peer transport PEER --folder DIR --db PATH [--json]
  peer transport PEER --webdav URL [--basic USER | --bearer] [--ca PEM_FILE] --db PATH [--json]
      How \`concordat sync\` exchanges snapshots with a peer: a folder both sides keep in
      step (Dropbox, a network share), or a WebDAV server (GET and PUT). The password for
      --basic comes from CONCORDAT_WEBDAV_PASSWORD, the token for --bearer from
      CONCORDAT_WEBDAV_TOKEN, never from the command line; when it is not set, the one
      stored for the same kind of login is kept. --ca trusts that CA for an https server.

PEER is a node id or fingerprint, or a unique leading part of either (6 characters or
more). Here --as names the relationship, not a member. Exit codes: 0 done, 1 refused,
2 bad usage or input (an unknown peer included).`;

/**
 * In these subcommands --as is the relationship (`--as partner`), so only --db goes to
 * withCliWorkspace, whose --as would pick the member acting.
 */
const termsOptions = {
  as: { type: 'string' },
  tier: { type: 'string' },
  roles: { type: 'string' },
  governs: { type: 'boolean', default: false },
} as const;

function parseTerms(
  command: string,
  values: { as?: string; tier?: string; roles?: string; governs: boolean },
  required: boolean,
): PeerTerms {
  if (values.as === undefined && required) {
    throw new UsageError(`${command}: --as partner or --as colleague is required.`);
  }
  const relationship = peerRelationshipSchema.safeParse(values.as ?? 'partner');
  if (!relationship.success) {
    throw new UsageError(
      `${command}: --as is the relationship, partner or colleague, not "${values.as ?? ''}".`,
    );
  }
  if (relationship.data === 'partner') {
    if (values.roles !== undefined || values.governs) {
      throw new UsageError(`${command}: --roles and --governs are for --as colleague.`);
    }
    const tier = values.tier?.trim();
    return { relationship: 'partner', tier: tier === undefined || tier === '' ? null : tier };
  }
  if (values.tier !== undefined) {
    throw new UsageError(`${command}: --tier is for --as partner; a colleague has --roles.`);
  }
  const roles = roleListSchema.safeParse(
    requireOption(command, 'roles', values.roles)
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  );
  if (!roles.success) {
    throw new UsageError(
      `${command}: --roles takes roles from lead, steward, auditor and viewer, comma-separated, each once.`,
    );
  }
  return { relationship: 'colleague', roles: roles.data, governs: values.governs };
}

/** The peer a command line names; one that is not a peer is bad input (exit 2), not a refusal. */
export function resolvePeerArg(command: string, ws: Workspace, reference: string): PeerRow {
  try {
    return resolvePeer(ws, reference);
  } catch (error) {
    if (error instanceof AppError && error.code === 'PEER_UNKNOWN') {
      throw new UsageError(`${command}: ${error.message} See \`concordat peer list\`.`);
    }
    throw error;
  }
}

function summaryOf(ws: Workspace, nodeId: string): PeerSummary {
  const summary = listPeers(ws).find((peer) => peer.nodeId === nodeId);
  if (!summary) throw new AppError('INTERNAL', `Peer ${nodeId} was not found after the change.`);
  return summary;
}

export function describeRelationship(peer: PeerSummary): string {
  if (peer.relationship === 'partner') {
    return peer.tier === null ? 'partner, no tier' : `partner, tier ${peer.tier}`;
  }
  const roles = peer.roles.length > 0 ? peer.roles.join(', ') : 'no roles';
  return `colleague (${roles})${peer.governs ? ', governs this node' : ''}`;
}

function describePeer(peer: PeerSummary): string {
  return `${peer.organisation} (${peer.operator}'s node ${peer.nodeId}) as a ${describeRelationship(peer)}\n  fingerprint ${peer.fingerprint}`;
}

function printPeer(io: CliIo, json: boolean, peer: PeerSummary, done: string): number {
  if (json) printJson(io, peer);
  else io.out(`${done} ${describePeer(peer)}`);
  return EXIT_OK;
}

/** The one PEER (or CARD) a subcommand names, and its options. */
function oneArgument<O extends Parameters<typeof parseCommandArgs>[2]>(
  command: string,
  what: string,
  argv: string[],
  options: O,
) {
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    { db: { type: 'string' }, json: { type: 'boolean', default: false }, ...options },
    true,
  );
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(`${command}: name exactly one ${what}.`);
  }
  return { values, argument: positionals[0] };
}

function runAdd(argv: string[], io: CliIo): number {
  const command = 'peer add';
  const { values, argument } = oneArgument(command, 'CARD (the identity card file)', argv, {
    ...termsOptions,
    fingerprint: { type: 'string' },
  });
  if (values.fingerprint === undefined || values.fingerprint.trim() === '') {
    throw new UsageError(
      `${command}: --fingerprint is required. Ask the peer to read you their fingerprint ` +
        '(`concordat identity card` prints it) over a channel you both trust, such as a call ' +
        'or in person, and compare it out of band: never copy it from the card or the message ' +
        'that carried it.',
    );
  }
  const fingerprint = values.fingerprint;
  const terms = parseTerms(command, values, false);
  requireOption(command, 'db', values.db);
  const card = readFileCapped(command, argument, MAX_CARD_BYTES, (size) => {
    return new AppError(
      'CARD_INVALID',
      `This is not an identity card: it is ${size} bytes, and a card is at most ${MAX_CARD_BYTES}.`,
    );
  });
  const peer = withCliWorkspace(command, { db: values.db }, {}, (ws) => {
    const added = addPeer(ws, { card, fingerprint, terms });
    return summaryOf(ws, added.node_id);
  });
  return printPeer(io, values.json, peer, 'Added');
}

function when(at: string): string {
  return at.slice(0, 10);
}

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

function runList(argv: string[], io: CliIo): number {
  const command = 'peer list';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const peers = withCliWorkspace(command, values, { readOnly: true }, (ws) => listPeers(ws));
  if (values.json) {
    printJson(io, peers);
    return EXIT_OK;
  }
  if (peers.length === 0) {
    io.out('No peers yet. Add one from its identity card with `concordat peer add`.');
    return EXIT_OK;
  }
  const rows = peers.map((peer) => [
    peer.organisation,
    describeRelationship(peer),
    peer.status === 'revoked' ? `revoked ${when(peer.revokedAt ?? '')}` : 'trusted',
    peer.fingerprint,
    peer.lastSent ? `v${peer.lastSent.version} ${when(peer.lastSent.issuedAt)}` : 'never',
    peer.lastReceived
      ? `v${peer.lastReceived.version} ${when(peer.lastReceived.importedAt)}`
      : 'never',
    peer.stale && peer.lastReceived
      ? `stale (expired ${when(peer.lastReceived.expiresAt)})`
      : peer.lastReceived
        ? 'current'
        : '',
  ]);
  const lines = table(
    ['Organisation', 'Relationship', 'Status', 'Fingerprint', 'Sent', 'Received', 'Stale'],
    rows,
  );
  for (const peer of peers) {
    if (peer.alarms > 0) {
      lines.push(
        `${peer.organisation}: ${peer.alarms === 1 ? '1 alarm' : `${peer.alarms} alarms`} (a forked history) — see the Peers screen.`,
      );
    }
  }
  io.out(lines.join('\n'));
  return EXIT_OK;
}

function runSet(argv: string[], io: CliIo): number {
  const command = 'peer set';
  const { values, argument } = oneArgument(command, 'PEER', argv, termsOptions);
  const terms = parseTerms(command, values, true);
  const peer = withCliWorkspace(command, { db: values.db }, {}, (ws) => {
    const { node_id: nodeId } = resolvePeerArg(command, ws, argument);
    updatePeer(ws, nodeId, terms);
    return summaryOf(ws, nodeId);
  });
  return printPeer(io, values.json, peer, 'Now trusting');
}

function runRevoke(argv: string[], io: CliIo): number {
  const command = 'peer revoke';
  const { values, argument } = oneArgument(command, 'PEER', argv, {
    reason: { type: 'string' },
  });
  const reason = requireOption(command, 'reason', values.reason);
  const peer = withCliWorkspace(command, { db: values.db }, {}, (ws) => {
    const { node_id: nodeId } = resolvePeerArg(command, ws, argument);
    revokePeer(ws, nodeId, reason);
    return summaryOf(ws, nodeId);
  });
  if (values.json) printJson(io, peer);
  else io.out(`Revoked ${peer.organisation} (${peer.fingerprint}): its snapshots are refused.`);
  return EXIT_OK;
}

export const WEBDAV_PASSWORD_ENV = 'CONCORDAT_WEBDAV_PASSWORD';
export const WEBDAV_TOKEN_ENV = 'CONCORDAT_WEBDAV_TOKEN';
/** A CA certificate in PEM is a few kilobytes; the settings hold at most this much. */
const MAX_CA_BYTES = 64 * 1024;

/** The settings as typed, before the peer they are for is looked up. */
type TransportSettings = PeerTransportInput extends infer T
  ? T extends PeerTransportInput
    ? Omit<T, 'peerId'>
    : never
  : never;

function transportSettings(
  command: string,
  values: { folder?: string; webdav?: string; basic?: string; bearer: boolean; ca?: string },
  io: CliIo,
): TransportSettings {
  if ((values.folder === undefined) === (values.webdav === undefined)) {
    throw new UsageError(`${command}: give either --folder DIR or --webdav URL.`);
  }
  if (values.folder !== undefined) {
    if (values.basic !== undefined || values.bearer || values.ca !== undefined) {
      throw new UsageError(`${command}: --basic, --bearer and --ca are for --webdav.`);
    }
    return { kind: 'folder', path: resolve(values.folder) };
  }
  if (values.basic !== undefined && values.bearer) {
    throw new UsageError(`${command}: choose --basic USER or --bearer, not both.`);
  }
  const secretEnv =
    values.basic !== undefined ? WEBDAV_PASSWORD_ENV : values.bearer ? WEBDAV_TOKEN_ENV : undefined;
  const secret = secretEnv === undefined ? undefined : io.env[secretEnv];
  const ca =
    values.ca === undefined
      ? undefined
      : readFileCapped(command, values.ca, MAX_CA_BYTES, (size) => {
          return new UsageError(
            `${command}: ${values.ca ?? ''} is ${size} bytes; a CA certificate is at most ${MAX_CA_BYTES}.`,
          );
        }).toString('utf8');
  return {
    kind: 'webdav',
    baseUrl: values.webdav ?? '',
    authKind: values.basic !== undefined ? 'basic' : values.bearer ? 'bearer' : 'none',
    ...(values.basic === undefined ? {} : { username: values.basic }),
    ...(secret === undefined || secret === '' ? {} : { secret }),
    ...(ca === undefined ? {} : { ca }),
  };
}

function describeTransport(settings: PeerTransportSettings): string {
  if (settings.kind === 'folder') return `the shared folder ${settings.config.path}`;
  const { baseUrl, authKind, username } = settings.config;
  const login =
    authKind === 'basic'
      ? `, basic login as ${username ?? '?'}${settings.hasSecret ? ' (password stored)' : ''}`
      : authKind === 'bearer'
        ? `, token login${settings.hasSecret ? ' (token stored)' : ''}`
        : '';
  return `the WebDAV server ${baseUrl}${login}`;
}

function runTransport(argv: string[], io: CliIo): number {
  const command = 'peer transport';
  const { values, argument } = oneArgument(command, 'PEER', argv, {
    folder: { type: 'string' },
    webdav: { type: 'string' },
    basic: { type: 'string' },
    bearer: { type: 'boolean', default: false },
    ca: { type: 'string' },
  });
  const settings = transportSettings(command, values, io);
  const { organisation, saved } = withCliWorkspace(command, { db: values.db }, {}, (ws) => {
    requirePermission(ws.actor, 'peer.manage', "Setting a peer's transport");
    ws.assertWritable();
    const peer = requireTrustedPeer(ws, resolvePeerArg(command, ws, argument).node_id);
    const input: PeerTransportInput = { peerId: peer.node_id, ...settings };
    return {
      organisation: peer.organisation,
      saved: setPeerTransport(ws.sqlite, input, new Date().toISOString()),
    };
  });
  if (values.json) printJson(io, saved);
  else io.out(`${organisation} now syncs through ${describeTransport(saved)}.`);
  return EXIT_OK;
}

export function runPeer(argv: string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'add':
      return runAdd(rest, io);
    case 'list':
      return runList(rest, io);
    case 'set':
      return runSet(rest, io);
    case 'revoke':
      return runRevoke(rest, io);
    case 'transport':
      return runTransport(rest, io);
    default:
      throw new UsageError(`peer: unknown subcommand "${sub ?? ''}". See \`concordat help peer\`.`);
  }
}
