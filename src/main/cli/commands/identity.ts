import { issueIdentityCard } from '../../core/sync/identity-card';
import { rotateNodeKey } from '../../core/sync/key-rotation';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_OK, UsageError } from '../cli-error';
import { prepareNewFile } from '../cli-files';
import { withCliWorkspace } from '../cli-workspace';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';

export const identityHelp = `concordat identity <subcommand> ...

  identity card --db PATH --out FILE [--json]
      Writes this node's identity card (its node id, organisation, operator, roles and
      public key, signed with its own key) to FILE, a new file, and prints the key's
      fingerprint. Send the card to the peer any way you like; then read the fingerprint
      to them over a channel you both trust (a call, in person): they type it into
      \`concordat peer add\`, which refuses a card whose key does not match it.
      json: { nodeId, fingerprint, file }.

  identity rotate --db PATH [--json]
      Replaces this node's signing key. The old key signs a statement naming the new one;
      every peer follows it from the next snapshot it receives, without a new card. The new
      key is protected by the same passphrase. Prints the new fingerprint (json: { fingerprint,
      vkey }). Cards issued before still name the old key: issue a new one for new peers.

Signing needs the key's passphrase: CONCORDAT_PASSPHRASE, or asked on the terminal.
Exit codes: 0 done, 1 failed, 2 bad usage or input.`;

async function runCard(argv: string[], io: CliIo): Promise<number> {
  const command = 'identity card';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const out = prepareNewFile(command, requireOption(command, 'out', values.out));
  try {
    const keyProtection = await passphraseProtection(io, { confirm: false });
    const { card, nodeId, organisation } = withCliWorkspace(
      command,
      values,
      { readOnly: true, keyProtection },
      (ws) => ({
        card: issueIdentityCard(ws),
        nodeId: ws.node.nodeId,
        organisation: ws.node.organisation,
      }),
    );
    out.commit(card.text);
    if (values.json) {
      printJson(io, { nodeId, fingerprint: card.fingerprint, file: out.path });
    } else {
      io.out(
        [
          `Wrote the identity card of ${organisation} (node ${nodeId}) to ${out.path}`,
          `Fingerprint: ${card.fingerprint}`,
          'Read the fingerprint to your peer over a channel you both trust (a call, in person);',
          'they need it to add this node.',
        ].join('\n'),
      );
    }
    return EXIT_OK;
  } finally {
    out.abandon();
  }
}

async function runRotate(argv: string[], io: CliIo): Promise<number> {
  const command = 'identity rotate';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    as: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const keyProtection = await passphraseProtection(io, { confirm: false });
  const rotated = withCliWorkspace(command, values, { keyProtection }, (ws) =>
    rotateNodeKey(ws, keyProtection),
  );
  if (values.json) printJson(io, rotated);
  else {
    io.out(
      [
        `The node's signing key was rotated. New fingerprint: ${rotated.fingerprint}`,
        'Peers move to it with the next snapshot they receive; give new peers a new card.',
      ].join('\n'),
    );
  }
  return EXIT_OK;
}

export function runIdentity(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'card':
      return runCard(rest, io);
    case 'rotate':
      return runRotate(rest, io);
    default:
      throw new UsageError(
        `identity: unknown subcommand "${sub ?? ''}". See \`concordat help identity\`.`,
      );
  }
}
