import {
  contract,
  type AppEvent,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
} from '../../shared/contract';
import type { ErrorCode, ErrorInfo, InputIssue } from '../../shared/errors';
import type { Transport } from './transport';

/** A contract call that main refused or that never arrived; `code` is stable, `message` human. */
export class RpcError extends Error {
  override readonly name = 'RpcError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: readonly InputIssue[],
  ) {
    super(message);
  }

  static fromInfo(info: ErrorInfo): RpcError {
    return new RpcError(info.code, info.message, info.issues);
  }
}

/** Turns anything a call site caught into an RpcError, so screens only handle one shape. */
export function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  return new RpcError('INTERNAL', 'Something went wrong in the app. Try again.');
}

export interface Client {
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export function createClient(transport: Transport): Client {
  return {
    async call<C extends ChannelName>(channel: C, input: ChannelInput<C>) {
      const result = await transport.invoke(channel, input);
      if (!result.ok) throw RpcError.fromInfo(result.error);
      // Main parses its output too; parsing here catches a renderer and main built apart.
      const parsed = contract[channel].output.safeParse(result.value);
      if (!parsed.success) {
        throw new RpcError('INTERNAL', `The reply to ${channel} did not match the contract.`);
      }
      return parsed.data as ChannelOutput<C>;
    },
    onEvent: (listener) => transport.onEvent(listener),
  };
}
