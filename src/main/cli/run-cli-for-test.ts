import type { CliIo } from './io';
import { runCli } from './main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process as a test would, capturing what it prints; `env` is its environment. */
export async function runCliCapturing(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text), env };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
