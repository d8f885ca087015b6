import {
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
  contract,
  isChannelName,
} from '../../../shared/contract/channels';
import { AppError, type InputIssue, type Result } from '../../../shared/errors';
import { asAppError } from '../errors/as-app-error';
import { issuesOf } from '../errors/parse-or-refuse';
import { createLogger } from '../log/logger';

export type Handlers = {
  [C in ChannelName]: (
    input: ChannelParsedInput<C>,
  ) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

/** The handlers of the channels whose names start with `prefix`: one feature's share. */
export type HandlersFor<Prefix extends string> = Pick<
  Handlers,
  Extract<ChannelName, `${Prefix}.${string}`>
>;

const log = createLogger('rpc');

function describeIssues(issues: InputIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

/** Size of the request as UTF-8 JSON; values JSON cannot carry are refused outright. */
export function jsonByteLength(value: unknown): number {
  // JSON.stringify yields no text at all for these, whatever its type says.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    throw new AppError('INVALID_INPUT', 'The request body is missing.');
  }
  try {
    return Buffer.byteLength(JSON.stringify(value), 'utf8');
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      'The request is not plain JSON data (it may contain cycles or BigInts).',
    );
  }
}

export function toErrorResult(error: unknown, channel: string): Result<never> {
  const appError = asAppError(error);
  if (appError) return { ok: false, error: appError.toInfo() };
  log.error('unexpected failure', { channel, error });
  return {
    ok: false,
    error: {
      code: 'INTERNAL',
      message: 'Concordat hit an unexpected error; nothing was changed. Details are in the log.',
    },
  };
}

/**
 * Transport-independent entry for every contract call (IPC and HTTP alike): unknown channel,
 * size cap and strict parse come before any handler runs, and every outcome is a Result.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  rawInput: unknown,
): Promise<Result<unknown>> {
  const name = typeof channel === 'string' ? channel : String(channel);
  try {
    if (!isChannelName(channel)) {
      throw new AppError('UNKNOWN_CHANNEL', `There is no operation called "${name.slice(0, 80)}".`);
    }
    const spec = contract[channel];
    const size = jsonByteLength(rawInput);
    if (size > spec.maxInputBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The request to ${channel} is ${size} bytes; the limit is ${spec.maxInputBytes}.`,
      );
    }
    const parsed = spec.input.safeParse(rawInput);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      throw new AppError(
        'INVALID_INPUT',
        `Invalid input for ${channel}: ${describeIssues(issues)}`,
        issues,
      );
    }
    const handler = handlers[channel] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      log.error('handler returned a value outside the contract', {
        channel,
        issues: issuesOf(checked.error),
      });
      throw new Error(`Output of ${channel} does not match the contract`);
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return toErrorResult(error, name);
  }
}
