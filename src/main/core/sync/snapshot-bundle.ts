import { Buffer } from 'node:buffer';
import { constants, crc32, deflateRawSync, gunzipSync } from 'node:zlib';
import { AppError } from '../../../shared/errors';
import { nodeIdSchema, type SnapshotRecordKind } from '../../../shared/domain/sync';
import { snapshotParts } from './replica-tables';

/*
 * A snapshot bundle is one file: the signed manifest (a DSSE envelope) and the parts it names,
 * each part a JSON array of records whose SHA-256 the manifest carries. The container is
 * length-prefixed rather than JSON so that a part is carried as the exact bytes its digest
 * covers (no escaping, no re-serialising) and a reader never has to parse what it has not yet
 * checked:
 *
 *   concordat-snapshot-bundle/1\n
 *   issuer <node id>\n            (a hint for finding the pinned key; the manifest confirms it)
 *   rotation <bytes>\n<DSSE>\n     (zero or more: key rotations, each signed by the key before)
 *   envelope <bytes>\n<DSSE envelope JSON>\n
 *   part <name> <bytes>\n<JSON array>\n        (once per part, in manifest order)
 *   end\n
 *
 * The whole is gzip-compressed when that makes it smaller (almost always: JSON compresses
 * well), and decompression is capped so a small bomb cannot expand without bound.
 */

const MAGIC = 'concordat-snapshot-bundle/1';
/** A compressed bundle larger than this is refused before anything is read. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
/** Decompressed: 50,000 grants and 10,000 datasets take about 30 MB. */
export const MAX_EXPANDED_BYTES = 512 * 1024 * 1024;
/** The signed manifest is small: digests and a checkpoint, never records. */
export const MAX_ENVELOPE_BYTES = 256 * 1024;
const MAX_HEADER_LINE = 200;

/** Key rotation statements are a few hundred bytes; a node rotates rarely. */
export const MAX_ROTATIONS = 16;
const MAX_ROTATION_BYTES = 4096;

export interface BundleContents {
  issuer: string;
  /** The issuer's key rotation statements, oldest first. */
  rotations: Uint8Array[];
  envelope: Uint8Array;
  parts: Map<SnapshotRecordKind, Uint8Array>;
}

/** What encodeBundle writes: BundleContents, except that a part may come in consecutive pieces. */
export interface BundleInput extends Omit<BundleContents, 'parts'> {
  parts: ReadonlyMap<SnapshotRecordKind, Uint8Array | readonly Uint8Array[]>;
}

export function encodeBundle(contents: BundleInput): Uint8Array {
  const chunks: Uint8Array[] = [Buffer.from(`${MAGIC}\nissuer ${contents.issuer}\n`)];
  for (const rotation of contents.rotations) {
    chunks.push(
      Buffer.from(`rotation ${rotation.byteLength}\n`),
      Buffer.from(rotation),
      Buffer.from('\n'),
    );
  }
  chunks.push(
    Buffer.from(`envelope ${contents.envelope.byteLength}\n`),
    Buffer.from(contents.envelope),
    Buffer.from('\n'),
  );
  for (const [name, part] of contents.parts) {
    const pieces = part instanceof Uint8Array ? [part] : part;
    let length = 0;
    for (const piece of pieces) length += piece.byteLength;
    chunks.push(Buffer.from(`part ${name} ${length}\n`));
    // Not copied first: concat copies them once, and a part can be tens of megabytes.
    for (const piece of pieces) chunks.push(piece);
    chunks.push(Buffer.from('\n'));
  }
  chunks.push(Buffer.from('end\n'));
  let plainLength = 0;
  for (const chunk of chunks) plainLength += chunk.byteLength;
  const packed = gzipChunks(chunks);
  return packed.byteLength < plainLength ? packed : Buffer.concat(chunks);
}

/** RFC 1952 member header: deflate, no flags, no modification time, Unix, as zlib writes it. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
/** Inputs smaller than this (headers, separators) are gathered up before compressing. */
const GATHER_BELOW = 64 * 1024;

/**
 * One gzip member holding the concatenation of `chunks`, compressed where each lies instead of
 * first copying tens of megabytes into one buffer. Each input is deflated on its own and
 * ended with a sync flush (an empty stored block, which leaves the stream open and aligned to
 * a byte), the last with a final block, so the pieces concatenate to one deflate stream
 * (RFC 1951; what pigz does), and the trailer carries the CRC-32 and length of the whole. An
 * input's matches only reach back within itself, which costs next to nothing in size at
 * megabyte inputs. Level 1: nearly the size of level 6 on JSON, several times faster.
 */
function gzipChunks(chunks: readonly Uint8Array[]): Buffer {
  const inputs: Uint8Array[] = [];
  let small: Uint8Array[] = [];
  const gather = () => {
    if (small.length > 0) inputs.push(Buffer.concat(small));
    small = [];
  };
  for (const chunk of chunks) {
    if (chunk.byteLength < GATHER_BELOW) {
      small.push(chunk);
    } else {
      gather();
      inputs.push(chunk);
    }
  }
  gather();
  const out: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  inputs.forEach((input, i) => {
    const last = i === inputs.length - 1;
    out.push(
      deflateRawSync(input, {
        level: 1,
        finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      }),
    );
    crc = crc32(input, crc);
    length += input.byteLength;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  // ISIZE is the length modulo 2^32 (RFC 1952 §2.3.1).
  trailer.writeUInt32LE(length % 0x1_0000_0000, 4);
  out.push(trailer);
  return Buffer.concat(out);
}

function malformed(message: string): AppError {
  return new AppError(
    'BUNDLE_MALFORMED',
    `This snapshot bundle is damaged or not one: ${message}.`,
  );
}

function tooLarge(what: string, limit: number): AppError {
  return new AppError(
    'BUNDLE_TOO_LARGE',
    `This snapshot bundle is too large (${what} exceeds ${limit} bytes); nothing was imported.`,
  );
}

const MIN_OUTPUT_CHUNK = 1024 * 1024;

/**
 * The size of gunzip's output buffers. The gzip trailer's ISIZE (the last member's length,
 * modulo 2^32) says how large the output will be: a buffer that size holds all of it, so zlib
 * returns it as it is instead of gathering tens of megabytes of chunks into one more copy.
 * Only a hint, from bytes not yet trusted: a wrong one costs time, never correctness, and it
 * is kept between 1 MiB (with the default 16 KiB chunks a bomb takes seconds to reach the cap)
 * and the cap.
 */
function outputChunkSize(gzip: Buffer): number {
  const hint = gzip.byteLength >= 18 ? gzip.readUInt32LE(gzip.byteLength - 4) : 0;
  // One byte over: output filling the buffer exactly would make zlib allocate another.
  return Math.min(Math.max(hint + 1, MIN_OUTPUT_CHUNK), MAX_EXPANDED_BYTES + 1);
}

function expand(bytes: Uint8Array): Buffer {
  if (bytes.byteLength > MAX_BUNDLE_BYTES) throw tooLarge('the file', MAX_BUNDLE_BYTES);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] !== 0x1f || buffer[1] !== 0x8b) return buffer;
  try {
    return gunzipSync(buffer, {
      maxOutputLength: MAX_EXPANDED_BYTES,
      chunkSize: outputChunkSize(buffer),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge('its decompressed size', MAX_EXPANDED_BYTES);
    }
    throw malformed('it is not a valid gzip stream');
  }
}

const partNames: ReadonlySet<string> = new Set(snapshotParts);

/** Splits a bundle into its pieces, checking only the container; nothing is trusted yet. */
export function decodeBundle(bytes: Uint8Array): BundleContents {
  const data = expand(bytes);
  let offset = 0;
  const line = (): string => {
    const end = data.indexOf(0x0a, offset);
    if (end < 0 || end - offset > MAX_HEADER_LINE) throw malformed('a header line is missing');
    const text = data.toString('latin1', offset, end);
    offset = end + 1;
    return text;
  };
  const body = (length: number): Uint8Array => {
    if (offset + length + 1 > data.byteLength || data[offset + length] !== 0x0a) {
      throw malformed('a section is shorter than its header says');
    }
    const slice = data.subarray(offset, offset + length);
    offset += length + 1;
    return slice;
  };
  const size = (text: string | undefined, limit: number, what: string): number => {
    if (text === undefined || !/^(0|[1-9][0-9]{0,9})$/.test(text)) {
      throw malformed(`the ${what} length is not a number`);
    }
    const value = Number(text);
    if (value > limit) throw tooLarge(`the ${what}`, limit);
    return value;
  };

  if (line() !== MAGIC) throw malformed('it does not start with the bundle header');
  const issuerLine = line().split(' ');
  const issuer = issuerLine[1];
  if (
    issuerLine.length !== 2 ||
    issuerLine[0] !== 'issuer' ||
    !nodeIdSchema.safeParse(issuer).success
  ) {
    throw malformed('the issuer line is not a node id');
  }
  const rotations: Uint8Array[] = [];
  let envelopeLine = line().split(' ');
  while (envelopeLine.length === 2 && envelopeLine[0] === 'rotation') {
    if (rotations.length === MAX_ROTATIONS) throw malformed('it has too many key rotations');
    rotations.push(body(size(envelopeLine[1], MAX_ROTATION_BYTES, 'rotation')));
    envelopeLine = line().split(' ');
  }
  if (envelopeLine.length !== 2 || envelopeLine[0] !== 'envelope') {
    throw malformed('the envelope section is missing');
  }
  const envelope = body(size(envelopeLine[1], MAX_ENVELOPE_BYTES, 'envelope'));
  const parts = new Map<SnapshotRecordKind, Uint8Array>();
  for (;;) {
    const header = line().split(' ');
    if (header.length === 1 && header[0] === 'end') break;
    const [keyword, name, length] = header;
    if (header.length !== 3 || keyword !== 'part' || name === undefined) {
      throw malformed('a section header is not "part NAME LENGTH"');
    }
    // Names come from a fixed list: never a path, never a key into an object.
    if (!partNames.has(name)) throw malformed(`it has an unknown part ${JSON.stringify(name)}`);
    const kind = name as SnapshotRecordKind;
    if (parts.has(kind)) throw malformed(`the part ${name} appears twice`);
    parts.set(kind, body(size(length, MAX_EXPANDED_BYTES, 'part')));
  }
  if (offset !== data.byteLength) throw malformed('there is data after its end');
  return { issuer: issuer as string, rotations, envelope, parts };
}
