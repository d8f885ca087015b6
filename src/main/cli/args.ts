import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-error';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict option parsing: unknown flags and stray arguments are usage errors (exit 2). */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(
      `${command}: ${(error as Error).message}. See \`concordat help ${command}\`.`,
    );
  }
}

export function requireOption(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`${command}: --${name} is required. See \`concordat help ${command}\`.`);
  }
  return value;
}
