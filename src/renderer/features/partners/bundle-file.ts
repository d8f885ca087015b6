import { MAX_CARD_CHARS, MAX_SNAPSHOT_BUNDLE_BYTES } from '../../../shared/contract/sync-channels';
import { formatCount } from '../../ui/format';

/** Why a chosen file was not sent to main at all; the message is for the user. */
export class ChosenFileError extends Error {
  override readonly name = 'ChosenFileError';
}

const megabyte = 1024 * 1024;

/** Bytes per btoa call: a multiple of 3, so the pieces' base64 joins without padding inside. */
const ENCODE_CHUNK = 3 * 0x2000;

/** Standard padded base64, in pieces: a 64 MB bundle is too large for one String.fromCharCode. */
export function bytesToBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; start += ENCODE_CHUNK) {
    const chunk = bytes.subarray(start, start + ENCODE_CHUNK);
    pieces.push(btoa(String.fromCharCode(...chunk)));
  }
  return pieces.join('');
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A snapshot bundle as the import channel takes it. Files over the 64 MB every node refuses
 * are refused here before a byte is read, with the reason.
 */
export async function readBundleFile(file: File): Promise<string> {
  if (file.size === 0) throw new ChosenFileError(`${file.name} is empty; it is not a snapshot.`);
  if (file.size > MAX_SNAPSHOT_BUNDLE_BYTES) {
    throw new ChosenFileError(
      `${file.name} is ${formatCount(Math.ceil(file.size / megabyte))} MB; a snapshot bundle is at most ${formatCount(MAX_SNAPSHOT_BUNDLE_BYTES / megabyte)} MB, so no node would import it. Ask the peer to check what they sent.`,
    );
  }
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** An identity card file's text; a card is a few hundred bytes, so anything large is not one. */
export async function readCardFile(file: File): Promise<string> {
  if (file.size > MAX_CARD_CHARS) {
    throw new ChosenFileError(
      `${file.name} is ${formatCount(file.size)} bytes; an identity card is far smaller. Choose the card file the peer sent.`,
    );
  }
  return file.text();
}
