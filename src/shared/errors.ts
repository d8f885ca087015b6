/**
 * Stable error codes. Every failure that crosses a boundary (IPC, HTTP, CLI) carries one of
 * these, so scripts and the UI can branch on the code while people read the message.
 */
export const errorCodes = [
  // Boundary and transport
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'UNAUTHORIZED',
  // Long work (verification, exports) stopped at the user's request; nothing was changed.
  'CANCELLED',
  // An operation this mode cannot offer (a native dialog in browser mode, for one)
  'NOT_SUPPORTED',
  // Domain
  'FORBIDDEN_ROLE',
  'NOT_FOUND',
  'CONFLICT',
  // A published (or superseded) charter version never changes; start a new draft from it.
  'CHARTER_LOCKED',
  'DUPLICATE',
  // A catalog import refused as a whole: the file has errors, or invalid rows were not excluded.
  // Nothing was written; the issues locate the first errors (`row 12 / category`).
  'IMPORT_INVALID',
  // A dataset that breaks the governing charter's rules (issues name the fields), or a
  // catalog change attempted before any charter version is published.
  'CHARTER_VIOLATION',
  'CHARTER_NOT_PUBLISHED',
  // A grant the policy engine denies under the governing charter (a request, or an approval
  // re-checked). Nothing was written; the issues name each failed rule (`path` is the rule id).
  'POLICY_DENIED',
  // A charter version approved without a remediation (revoke, narrow or accept) for every grant
  // it puts out of bounds. Nothing was written; the issues name each grant that lacks one.
  'REMEDIATION_REQUIRED',
  // Workspace files
  'WORKSPACE_ABSENT',
  'WORKSPACE_NOT_FOUND',
  'WORKSPACE_EXISTS',
  'WORKSPACE_NOT_SQLITE',
  'WORKSPACE_NOT_CONCORDAT',
  'WORKSPACE_TOO_NEW',
  'WORKSPACE_CORRUPT',
  'WORKSPACE_LOCKED',
  'WORKSPACE_READ_ONLY',
  'WORKSPACE_NOT_INITIALISED',
  // The disk holding the workspace is full: the change was rolled back and nothing was saved.
  'WORKSPACE_FULL',
  // The node's signing key
  'KEY_MISSING',
  'KEY_INVALID',
  'KEY_LOCKED',
  'KEY_PASSPHRASE_REQUIRED',
  'KEY_PASSPHRASE_WRONG',
  // The ledger: an export bundle that cannot even be read; stored ledger data that fails a check
  'BUNDLE_INVALID',
  'LEDGER_DAMAGED',
  // A backup that failed its verification (integrity, ledger, checksum): it never counts as a
  // backup and is never restored.
  'BACKUP_INVALID',
  // Schema migrations
  'MIGRATION_INVALID',
  'MIGRATION_UNKNOWN',
  'MIGRATION_MISSING',
  'MIGRATION_MODIFIED',
  'MIGRATION_FAILED',
  // Peers and identity cards (issue 6). A card that is not a valid self-signed card, or whose
  // key does not have the fingerprint the operator compared out of band.
  'CARD_INVALID',
  'FINGERPRINT_MISMATCH',
  'PEER_UNKNOWN',
  'PEER_REVOKED',
  // A record another node owns (a replica from a snapshot): only its owner changes it.
  'REPLICA_READ_ONLY',
  // Snapshot bundles, in the order the import checks them (ARCHITECTURE.md §4). Each rejection
  // writes nothing (a fork also raises an alarm, kept as evidence).
  'BUNDLE_TOO_LARGE',
  'BUNDLE_MALFORMED',
  'SNAPSHOT_UNSIGNED',
  'SNAPSHOT_WRONG_TYPE',
  'SNAPSHOT_BAD_SIGNATURE',
  'SNAPSHOT_MALFORMED',
  'SNAPSHOT_ISSUER_MISMATCH',
  'SNAPSHOT_KEY_MISMATCH',
  'SNAPSHOT_WRONG_AUDIENCE',
  'SNAPSHOT_ROLLBACK',
  'SNAPSHOT_PREV_MISMATCH',
  'SNAPSHOT_EXPIRED',
  'SNAPSHOT_CHECKPOINT_INVALID',
  'SNAPSHOT_FORK',
  'SNAPSHOT_PART_MISMATCH',
  // Transports (shared folder, WebDAV): a key or path outside the transport's root, a server
  // that cannot be reached, refuses the credentials, or answers with an error.
  'TRANSPORT_PATH_ESCAPE',
  'TRANSPORT_UNREACHABLE',
  'TRANSPORT_AUTH',
  // An HTTPS server whose certificate this node does not trust (give its CA certificate in the
  // transport settings), or a TLS handshake that failed.
  'TRANSPORT_TLS',
  'TRANSPORT_FAILED',
  // Anything we did not anticipate: the message is generic, the details go to the log.
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface InputIssue {
  /** Dotted path of the offending field, '' for the whole value. */
  path: string;
  message: string;
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  issues?: InputIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** A failure with a stable code and a message a person can act on. */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: InputIssue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toInfo(): ErrorInfo {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Exhaustiveness guard for switch statements over unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
