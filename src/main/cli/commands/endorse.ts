import { AppError } from '../../../shared/errors';
import { first, qb } from '../../core/db/sql';
import { charterEndorsements, endorseCharter } from '../../core/sync/endorsements';
import { findPeer } from '../../core/sync/peers';
import type { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs } from '../args';
import { EXIT_OK, UsageError } from '../cli-error';
import { asUsage, withCliWorkspace } from '../cli-workspace';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';
import { resolvePeerArg } from './peer';

export const charterEndorseHelp = `  charter endorse CHARTER_ID | --peer PEER --db PATH [--note TEXT] [--as MEMBER] [--json]
      Endorses (countersigns with this node's key) a partner's charter version in force:
      the one with id CHARTER_ID, or the one PEER published, as its last snapshot to this
      node carried it. The endorsement goes back to its owner in the next snapshot to
      them. Leads only; signing needs CONCORDAT_PASSPHRASE (or is asked on the terminal).
  charter endorsements --db PATH [--json]
      Which partners endorsed which version of this node's charter, as their snapshots
      brought the endorsements back.`;

interface EndorsedCharter {
  id: string;
  charterId: string;
  charterOwner: string;
  organisation: string;
  charterVersion: number;
  title: string;
}

function charterRow(ws: Workspace, where: { id: string } | { owner: string }) {
  let query = qb
    .selectFrom('charter_version')
    .select(['id', 'owner_node', 'version', 'title', 'status']);
  query =
    'id' in where
      ? query.where('id', '=', where.id)
      : query.where('owner_node', '=', where.owner).where('status', '=', 'published');
  return first(ws.sqlite, query);
}

export async function runCharterEndorse(argv: string[], io: CliIo): Promise<number> {
  const command = 'charter endorse';
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    {
      db: { type: 'string' },
      as: { type: 'string' },
      peer: { type: 'string' },
      note: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const named = positionals[0];
  if (positionals.length > 1 || (named === undefined) === (values.peer === undefined)) {
    throw new UsageError(
      `${command}: name the charter version to endorse: its CHARTER_ID, or --peer PEER for the one that peer published (not both).`,
    );
  }
  const peerRef = values.peer;
  const keyProtection = await passphraseProtection(io, { confirm: false });
  const endorsed = withCliWorkspace(command, values, { keyProtection }, (ws): EndorsedCharter => {
    let charterId: string;
    if (peerRef !== undefined) {
      const peer = resolvePeerArg(command, ws, peerRef);
      const published = charterRow(ws, { owner: peer.node_id });
      if (!published) {
        throw new AppError(
          'CHARTER_NOT_PUBLISHED',
          `No charter published by ${peer.organisation} has arrived here yet; import a snapshot from them first.`,
        );
      }
      charterId = published.id;
    } else {
      charterId = named ?? '';
    }
    const { id } = asUsage(command, () =>
      endorseCharter(ws, {
        charterId,
        ...(values.note === undefined ? {} : { note: values.note }),
      }),
    );
    const charter = charterRow(ws, { id: charterId });
    if (!charter) throw new AppError('INTERNAL', `Charter ${charterId} vanished while endorsed.`);
    return {
      id,
      charterId,
      charterOwner: charter.owner_node,
      organisation: findPeer(ws, charter.owner_node)?.organisation ?? charter.owner_node,
      charterVersion: charter.version,
      title: charter.title,
    };
  });
  if (values.json) {
    printJson(io, endorsed);
  } else {
    io.out(
      `Endorsed ${endorsed.organisation}'s charter v${endorsed.charterVersion} “${endorsed.title}”. The endorsement goes back to them in the next snapshot you send them.`,
    );
  }
  return EXIT_OK;
}

export function runCharterEndorsements(argv: string[], io: CliIo): number {
  const command = 'charter endorsements';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const report = withCliWorkspace(command, values, { readOnly: true }, (ws) =>
    charterEndorsements(ws),
  );
  if (values.json) {
    printJson(io, report);
    return EXIT_OK;
  }
  const lines = [
    report.publishedVersion === null
      ? 'Endorsements of this node’s charter (no version is published yet)'
      : `Endorsements of this node’s charter (version ${report.publishedVersion} in force)`,
  ];
  if (report.partners.length === 0) lines.push('  no partners yet');
  const width = Math.max(0, ...report.partners.map((partner) => partner.organisation.length));
  for (const partner of report.partners) {
    const state =
      partner.endorsedVersion === null
        ? 'not endorsed'
        : `v${partner.endorsedVersion} on ${(partner.endorsedAt ?? '').slice(0, 10)}${
            partner.current ? ' (the version in force)' : ' (an earlier version)'
          }`;
    lines.push(`  ${partner.organisation.padEnd(width)}  ${state}`);
  }
  io.out(lines.join('\n'));
  return EXIT_OK;
}
