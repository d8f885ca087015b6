import type { z } from 'zod';

/** Default cap on one request's serialised size; channels that carry files raise it. */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024;

export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Largest accepted request, measured as UTF-8 JSON bytes before parsing. */
  maxInputBytes: number;
  /** Whether the call changes the workspace (read-only workspaces refuse it). */
  mutates: boolean;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(spec: {
  input: I;
  output: O;
  maxInputBytes?: number;
  mutates?: boolean;
}): ChannelSpec<I, O> {
  return {
    input: spec.input,
    output: spec.output,
    maxInputBytes: spec.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
    mutates: spec.mutates ?? false,
  };
}
