import type { AppEvent, ChannelName } from '../../shared/contract';
import { isErrorCode, type ErrorCode, type Result } from '../../shared/errors';

/**
 * How the renderer reaches main: Electron IPC on the desktop, loopback HTTP in browser mode.
 * Only `main.tsx` picks one; everything else sees this interface through the client.
 */
export interface Transport {
  /** Never rejects: every failure, an unreachable main included, comes back as a Result. */
  invoke(channel: ChannelName, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to main's events; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** Checks the envelope a transport received, so a malformed reply never reaches a screen. */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  if (candidate.ok !== false) return false;
  const error = candidate.error as { code?: unknown; message?: unknown; issues?: unknown } | null;
  return (
    typeof error === 'object' &&
    error !== null &&
    isErrorCode(error.code) &&
    typeof error.message === 'string' &&
    (error.issues === undefined || Array.isArray(error.issues))
  );
}
