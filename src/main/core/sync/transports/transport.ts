import { AppError } from '../../../../shared/errors';
import { MAX_BUNDLE_BYTES } from '../snapshot-bundle';

/**
 * Somewhere snapshot bundles are left for a peer and picked up from it: a shared folder or a
 * WebDAV server. Transports move opaque bytes; the signature and every other check happen on
 * import, so a transport only has to keep bundles inside its root and under the size cap.
 */
export interface SnapshotTransport {
  /** Where the bundles go, for people (a folder path or a URL, never a credential). */
  readonly label: string;
  put(key: string, bytes: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** The bundle stored under `key`, or null when there is none. */
  get(key: string, signal?: AbortSignal): Promise<Uint8Array | null>;
}

/** The largest compressed bundle a transport sends or accepts: the bundle format's own cap. */
export { MAX_BUNDLE_BYTES };

/** Versions are zero-padded to 8 digits so a folder listing sorts them in order. */
const MAX_VERSION = 99_999_999;

const nodeIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * The whole grammar of a key. Anything it does not match (`..`, `%2e`, a backslash, NUL, an
 * absolute path, an extra segment, upper case) is refused rather than normalised, so no key
 * can name a place outside the recipient/issuer folders.
 */
const keyPattern =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([0-9]{8})\.snapshot$/;

export interface SnapshotKey {
  recipient: string;
  issuer: string;
  version: number;
  /** The path segments, in order: recipient folder, issuer folder, file name. */
  segments: [string, string, string];
}

function refuseKey(what: string): never {
  throw new AppError(
    'TRANSPORT_PATH_ESCAPE',
    `${what} is not a snapshot key (recipient-node-id/issuer-node-id/NNNNNNNN.snapshot); nothing was read or written.`,
  );
}

/** A printable, bounded rendering of a rejected key: it may hold control bytes or be huge. */
function describe(key: string): string {
  return JSON.stringify(key.length > 120 ? `${key.slice(0, 120)}…` : key);
}

export function snapshotKey(recipient: string, issuer: string, version: number): string {
  if (!nodeIdPattern.test(recipient)) refuseKey(`Recipient ${describe(recipient)}`);
  if (!nodeIdPattern.test(issuer)) refuseKey(`Issuer ${describe(issuer)}`);
  if (!Number.isSafeInteger(version) || version < 1 || version > MAX_VERSION) {
    refuseKey(`Version ${String(version)}`);
  }
  return `${recipient}/${issuer}/${String(version).padStart(8, '0')}.snapshot`;
}

export function parseSnapshotKey(key: string): SnapshotKey {
  const match = keyPattern.exec(key);
  const [, recipient, issuer, digits] = match ?? [];
  if (!recipient || !issuer || !digits) return refuseKey(`Key ${describe(key)}`);
  const version = Number(digits);
  if (version < 1) return refuseKey(`Key ${describe(key)}`);
  return { recipient, issuer, version, segments: [recipient, issuer, `${digits}.snapshot`] };
}

/** `size` is the whole size when known (a file, a Content-Length), else omitted (a stream). */
export function refuseOversizeBundle(where: string, size?: number): never {
  const actual = size === undefined ? 'larger than that' : `${String(size)} bytes`;
  throw new AppError(
    'BUNDLE_TOO_LARGE',
    `The snapshot bundle at ${where} is over the ${String(MAX_BUNDLE_BYTES)}-byte limit (${actual}); nothing was transferred.`,
  );
}
