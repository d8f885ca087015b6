import { endianness } from 'node:os';

/**
 * The WAL-index header at the start of a `-shm` file (https://www.sqlite.org/walformat.html):
 * two copies of a 48-byte header, then the checkpoint information. SQLite rebuilds the -shm
 * whenever the first connection opens, so it is read before SQLite is allowed near the file;
 * after a crash it still says how many frames the -wal held and how many were already copied
 * into the database.
 */
export interface WalIndexHeader {
  pageSize: number;
  /** Frames in the WAL that belong to committed transactions. */
  maxFrame: number;
  /** Frames already copied back into the database file. */
  backfilled: number;
}

const WAL_INDEX_VERSION = 3007000;
const HEADER_BYTES = 48;
const CHECKPOINT_INFO_OFFSET = 96;
/** The -wal file's own header, and each frame's header before its page. */
export const WAL_HEADER_BYTES = 32;
export const WAL_FRAME_HEADER_BYTES = 24;

/**
 * The header, when the -shm holds a complete, consistent one (both copies equal, initialised,
 * a known version); undefined otherwise, when nothing can be concluded from it.
 */
export function readWalIndexHeader(bytes: Uint8Array): WalIndexHeader | undefined {
  if (bytes.length < CHECKPOINT_INFO_OFFSET + 4) return undefined;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const first = view.subarray(0, HEADER_BYTES);
  if (!first.equals(view.subarray(HEADER_BYTES, 2 * HEADER_BYTES))) return undefined;
  // The -shm is written in the byte order of the machine that wrote it.
  const little = endianness() === 'LE';
  const u32 = (offset: number) => (little ? view.readUInt32LE(offset) : view.readUInt32BE(offset));
  const u16 = (offset: number) => (little ? view.readUInt16LE(offset) : view.readUInt16BE(offset));
  if (u32(0) !== WAL_INDEX_VERSION || view.readUInt8(12) !== 1) return undefined;
  const rawPageSize = u16(14);
  return {
    pageSize: rawPageSize === 1 ? 65536 : rawPageSize,
    maxFrame: u32(16),
    backfilled: u32(CHECKPOINT_INFO_OFFSET),
  };
}

/**
 * Whether committed frames the -wal must hold are missing: the index names frames not yet
 * copied into the database, and the -wal is gone or too short to hold them.
 */
export function walFramesMissing(index: WalIndexHeader, walBytes: number | undefined): boolean {
  if (index.maxFrame <= index.backfilled) return false;
  const needed = WAL_HEADER_BYTES + index.maxFrame * (WAL_FRAME_HEADER_BYTES + index.pageSize);
  return walBytes === undefined || walBytes < needed;
}
