/**
 * The 100-byte header at the start of every SQLite database file
 * (https://www.sqlite.org/fileformat2.html#the_database_header), read without SQLite, so a
 * damaged file is judged before SQLite gets to touch it (or its -shm).
 */
export const SQLITE_HEADER_BYTES = 100;
const SQLITE_MAGIC = 'SQLite format 3\0';

export interface SqliteHeader {
  pageSize: number;
  /** 1 rollback journal, 2 WAL. */
  writeVersion: number;
  readVersion: number;
  changeCounter: number;
  /** The "in-header database size" in pages; meaningful only when `pageCountValid`. */
  pageCount: number;
  /** SQLite trusts the in-header size only when the change counter matches version-valid-for. */
  pageCountValid: boolean;
  applicationId: number;
}

export type HeaderVerdict =
  | { kind: 'ok'; header: SqliteHeader }
  | { kind: 'not-sqlite' }
  | { kind: 'damaged'; reason: string };

export function hasSqliteMagic(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 16 && Buffer.from(bytes.subarray(0, 16)).toString('latin1') === SQLITE_MAGIC
  );
}

function validPageSize(size: number): boolean {
  return size >= 512 && size <= 65536 && (size & (size - 1)) === 0;
}

/** Reads and checks the header fields SQLite itself refuses to work with when they are wrong. */
export function parseSqliteHeader(bytes: Uint8Array): HeaderVerdict {
  if (!hasSqliteMagic(bytes)) return { kind: 'not-sqlite' };
  if (bytes.length < SQLITE_HEADER_BYTES) {
    return { kind: 'damaged', reason: 'its header is cut short' };
  }
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, SQLITE_HEADER_BYTES);
  const rawPageSize = view.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (!validPageSize(pageSize)) {
    return { kind: 'damaged', reason: `its header names an impossible page size (${rawPageSize})` };
  }
  const writeVersion = view.readUInt8(18);
  const readVersion = view.readUInt8(19);
  if (![1, 2].includes(writeVersion) || ![1, 2].includes(readVersion)) {
    return { kind: 'damaged', reason: 'its header names an unknown file format version' };
  }
  // Fixed by the file format: maximum, minimum and leaf payload fractions.
  if (view.readUInt8(21) !== 64 || view.readUInt8(22) !== 32 || view.readUInt8(23) !== 32) {
    return { kind: 'damaged', reason: 'its header has invalid payload fractions' };
  }
  const schemaFormat = view.readUInt32BE(44);
  const textEncoding = view.readUInt32BE(56);
  if (schemaFormat > 4 || textEncoding > 3) {
    return { kind: 'damaged', reason: 'its header names an unknown schema format or encoding' };
  }
  const changeCounter = view.readUInt32BE(24);
  return {
    kind: 'ok',
    header: {
      pageSize,
      writeVersion,
      readVersion,
      changeCounter,
      pageCount: view.readUInt32BE(28),
      pageCountValid: changeCounter === view.readUInt32BE(92),
      applicationId: view.readUInt32BE(68),
    },
  };
}

const BTREE_PAGE_TYPES = new Set([0x02, 0x05, 0x0a, 0x0d]);

/** Whether `page` starts with a plausible b-tree page header (interior or leaf, table or index). */
export function looksLikeBtreePage(page: Uint8Array, pageSize: number): boolean {
  const type = page[0];
  if (type === undefined || !BTREE_PAGE_TYPES.has(type) || page.length < 12) return false;
  const view = Buffer.from(page.buffer, page.byteOffset, page.length);
  const headerSize = type === 0x02 || type === 0x05 ? 12 : 8;
  const firstFreeblock = view.readUInt16BE(1);
  const cells = view.readUInt16BE(3);
  const rawContentStart = view.readUInt16BE(5);
  const contentStart = rawContentStart === 0 ? 65536 : rawContentStart;
  const fragmented = view.readUInt8(7);
  const pointersEnd = headerSize + cells * 2;
  return (
    pointersEnd <= pageSize &&
    contentStart <= pageSize &&
    (cells === 0 || contentStart >= pointersEnd) &&
    (firstFreeblock === 0 || (firstFreeblock >= pointersEnd && firstFreeblock < pageSize)) &&
    fragmented <= 60
  );
}
