import { execFileSync } from 'node:child_process';
import { e2eEnv } from './env';

/** Runs the built CLI synchronously, as a user would from a shell. */
export function runCli(args: string[]): string {
  return execFileSync(process.execPath, ['out/main/cli.js', ...args], {
    encoding: 'utf8',
    env: e2eEnv(),
  });
}
