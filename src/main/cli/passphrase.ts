import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { AppError } from '../../shared/errors';
import { assertPassphrase, type KeyProtection } from '../core/keys/node-key-file';
import type { CliIo } from './io';

export const PASSPHRASE_ENV = 'CONCORDAT_PASSPHRASE';

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stderr.write(question);
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/**
 * The passphrase protecting the node's key: from CONCORDAT_PASSPHRASE when set (scripts, CI),
 * otherwise asked on the terminal; never taken from a command-line argument, which other users
 * could read in the process list.
 */
export async function passphraseProtection(
  io: CliIo,
  options: { confirm: boolean },
): Promise<KeyProtection> {
  const fromEnv = io.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    assertPassphrase(fromEnv);
    return { kind: 'passphrase', passphrase: fromEnv };
  }
  if (!process.stdin.isTTY) {
    throw new AppError(
      'KEY_PASSPHRASE_REQUIRED',
      `The node's signing key needs its passphrase: set ${PASSPHRASE_ENV} or run this in a terminal.`,
    );
  }
  const passphrase = await promptHidden('Passphrase for the node signing key: ');
  assertPassphrase(passphrase);
  if (options.confirm && (await promptHidden('Repeat the passphrase: ')) !== passphrase) {
    throw new AppError('INVALID_INPUT', 'The two passphrases differ; nothing was created.');
  }
  return { kind: 'passphrase', passphrase };
}
