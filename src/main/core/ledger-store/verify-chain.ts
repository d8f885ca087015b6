import { isUtf8 } from 'node:buffer';
import { bytesEqual, toHex } from '../ledger/bytes';
import { parseCanonicalJson } from '../ledger/canonical-json';
import { LedgerError } from '../ledger/errors';
import { DEFAULT_MAX_JSON_DEPTH, FORBIDDEN_JSON_KEY } from '../ledger/json-value';
import { HASH_SIZE, leafHash } from '../ledger/merkle-hash';
import { MerkleAccumulator } from '../ledger/merkle-tree';
import { LEDGER_ENTRY_VERSION } from './ledger-entry';

export type LedgerFaultKind =
  /** The bytes are not one canonical JSON object (edited by hand, re-serialised, garbage). */
  | 'entry-not-canonical'
  /** Canonical JSON, but not a ledger entry of a version we know. */
  | 'entry-malformed'
  /** The entry's seq is not its position (before classifyPositionFault looks closer). */
  | 'seq-mismatch'
  /** Entries are missing from the middle: position p holds a later entry. */
  | 'entry-deleted'
  /** Entries are out of order: swapped, moved or repeated. */
  | 'entries-reordered'
  /** `prev` is not the leaf hash of the entry before: an earlier entry was changed. */
  | 'chain-broken'
  /** The stored leaf hash is not the hash of the stored bytes. */
  | 'leaf-hash-mismatch'
  /** Fewer entries than the size a checkpoint or the tree promises: truncation. */
  | 'truncated'
  /** The entries are consistent with each other but not with the expected root. */
  | 'root-mismatch';

export interface LedgerFault {
  /** The first entry found bad (for truncation: the first missing one). */
  seq: number;
  kind: LedgerFaultKind;
  message: string;
}

export interface ChainVerification {
  size: number;
  root: Uint8Array;
  fault: LedgerFault | null;
}

export interface EntryRecord {
  bytes: Uint8Array;
  /** The leaf hash stored beside the bytes, where the source keeps one. */
  leafHash?: Uint8Array;
}

/** The "previous leaf hash" of entry 0: `prev` is then 64 zeros (GENESIS_PREV). */
export const GENESIS_HASH: Uint8Array = new Uint8Array(HASH_SIZE);

const hex64 = /^[0-9a-f]{64}$/;

function entryShape(value: unknown): { seq: number; prev: string } | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const entry = value as Record<string, unknown>;
  if (entry.v !== LEDGER_ENTRY_VERSION) return `unknown entry version ${JSON.stringify(entry.v)}`;
  if (typeof entry.seq !== 'number' || !Number.isSafeInteger(entry.seq) || entry.seq < 0) {
    return 'seq is not a non-negative integer';
  }
  if (typeof entry.prev !== 'string' || !hex64.test(entry.prev)) return 'prev is not a hex hash';
  if (typeof entry.time !== 'string') return 'time is missing';
  if (typeof entry.actor !== 'object' || entry.actor === null) return 'actor is missing';
  if (typeof entry.type !== 'string' || entry.type === '') return 'type is missing';
  if (!('payload' in entry)) return 'payload is missing';
  return { seq: entry.seq, prev: entry.prev };
}

/*
 * A fast path for the canonical check. It accepts only what parseCanonicalJson plus entryShape
 * provably accept, and answers "not sure" (null) for everything else, which then takes the
 * exact, slower path: faults and their messages never depend on which path ran. Accepted: one
 * JSON object, no whitespace, no control characters or backslashes anywhere (so no escapes),
 * valid UTF-8, ASCII keys in strictly increasing order and never `__proto__`, integers of at
 * most 15 digits without leading zeros (exactly their own ECMAScript spelling), true, false,
 * null, nesting below the parser's limit; and at the top the fields entryShape requires.
 * Everything JCS writes for our entries is in that set. It reads the bytes as latin1 text, one
 * character per byte, where V8's string intrinsics are much faster than byte loops.
 */
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** Anything but printable ASCII without a backslash: then look closer. */
const UNUSUAL = /[^\x20-\x5b\x5d-\x7e]/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_SLOW_PATH = /[\x00-\x1f\\]/;
// Module-local copies: under tsx every use of an imported binding is a getter call.
const MAX_DEPTH = DEFAULT_MAX_JSON_DEPTH;
const PROTO_KEY = FORBIDDEN_JSON_KEY;
const ENTRY_VERSION_DIGIT = 0x30 + LEDGER_ENTRY_VERSION;
const hashLeaf = leafHash;
const HEX_DIGITS = Buffer.from('0123456789abcdef');
const TOP_FIELDS = ['v', 'seq', 'prev', 'time', 'actor', 'type', 'payload'];
const FIELD_V = 0;
const FIELD_SEQ = 1;
const FIELD_PREV = 2;
const FIELD_TIME = 3;
const FIELD_ACTOR = 4;
const FIELD_TYPE = 5;
const FIELD_PAYLOAD = 6;

/** Where a fast-scanned entry keeps the fields the chain needs. */
export interface ScannedEntry {
  seq: number;
  /** Offset of the 64 hex digits of `prev` in the bytes. */
  prevAt: number;
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/*
 * The scanner's state lives in module variables: calls are synchronous, and plain functions over
 * one string keep V8's inline caches monomorphic (about twice as fast as methods here).
 */
let text = '';
/** Start and end offsets of each top-level field's value (-1 when absent), as TOP_FIELDS. */
const fieldAt = new Int32Array(TOP_FIELDS.length);
const fieldEnd = new Int32Array(TOP_FIELDS.length);

/*
 * Learned templates: the entries of one ledger share a few layouts (same keys and nesting;
 * other strings and numbers). After the scanner accepts an entry, its layout becomes a regular
 * expression: the text as it is, except that string values may be any printable ASCII without
 * quote or backslash, arrays of strings any number of those, integers any canonical integer,
 * seq any non-negative one and prev any 64 hex digits (v and type stay as they are). A text it
 * matches has the keys, order, nesting and value kinds of an accepted entry, so the scanner
 * would accept it too; V8 compiles the expression to machine code, which matches in a fraction
 * of the scan's time. Only entries with exactly the seven top-level fields make templates, so
 * the last `"prev":"` and `"seq":` in the text are the top-level ones (nothing after them holds
 * a quote or a key).
 */
const SPAN_STRING = 0;
const SPAN_INTEGER = 1;
/** An array of strings only (or empty): any number of strings matches it. */
const SPAN_STRINGS = 2;
const PRINTABLE = '[ !#-\\[\\]-~]*';
const PATTERNS = {
  [SPAN_STRING]: `"${PRINTABLE}"`,
  [SPAN_INTEGER]: '(?:0|-?[1-9][0-9]{0,14})',
  [SPAN_STRINGS]: `\\[(?:"${PRINTABLE}"(?:,"${PRINTABLE}")*)?\\]`,
};
/** [start, end, kind] of each value the scanner read that a template may vary, flat. */
const valueSpans: number[] = [];
/** Top-level keys other than the seven of an entry, in the text being scanned. */
let extraTopLevelKeys = 0;

/**
 * Templates per entry type, most recently matched first. A type whose entries keep missing its
 * templates (every entry a layout of its own) stops learning: compiling an expression per
 * entry would cost more than scanning.
 */
interface TypeTemplates {
  list: RegExp[];
  hits: number;
  misses: number;
}
const MAX_TEMPLATES_PER_TYPE = 4;
/**
 * A template longer than this is not learned: its literal text came from a hostile entry (a
 * 70 KB key), and V8 refuses to compile such an expression ("Regular expression too large").
 */
const MAX_TEMPLATE_SOURCE = 32 * 1024;
const MAX_TYPES = 64;
const templatesByType = new Map<string, TypeTemplates>();

function escapeForRegExp(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The top-level type's text, when the entry ends as one with the seven fields does. */
function entryTypeKey(): string {
  const at = text.lastIndexOf('"type":"') + 8;
  const end = text.indexOf('"', at);
  return at < 8 || end < 0 ? '' : text.slice(at, end);
}

function learnTemplate(templates: TypeTemplates): void {
  // Learning stopped paying; try again once in a while in case the layouts settle.
  if (templates.misses > templates.hits + 16 && templates.misses % 1024 !== 0) return;
  // Spans in text order; those inside an array of strings already generalised are skipped.
  const order: number[] = [];
  for (let k = 0; k < valueSpans.length; k += 3) order.push(k);
  order.sort((a, b) => (valueSpans[a] as number) - (valueSpans[b] as number));
  let source = '^';
  let at = 0;
  for (const k of order) {
    const start = valueSpans[k] as number;
    const end = valueSpans[k + 1] as number;
    if (start < at || start === fieldAt[FIELD_V] || start === fieldAt[FIELD_TYPE]) continue;
    source += escapeForRegExp(text.slice(at, start));
    if (start === fieldAt[FIELD_PREV]) source += '"[0-9a-f]{64}"';
    else if (start === fieldAt[FIELD_SEQ]) source += '(?:0|[1-9][0-9]{0,14})';
    else source += PATTERNS[valueSpans[k + 2] as keyof typeof PATTERNS];
    at = end;
  }
  source += `${escapeForRegExp(text.slice(at))}$`;
  if (source.length > MAX_TEMPLATE_SOURCE) return;
  templates.list.unshift(new RegExp(source));
  if (templates.list.length > MAX_TEMPLATES_PER_TYPE) templates.list.pop();
}

function matchTemplate(templates: TypeTemplates): ScannedEntry | null {
  const { list } = templates;
  for (let t = 0; t < list.length; t++) {
    const template = list[t] as RegExp;
    let matched: boolean;
    try {
      matched = template.test(text);
    } catch {
      // V8 compiles an expression on first use and may refuse it then; it is only a shortcut.
      list.splice(t, 1);
      t--;
      continue;
    }
    if (!matched) continue;
    if (t > 0) {
      list.splice(t, 1);
      list.unshift(template);
    }
    templates.hits++;
    const seqAt = text.lastIndexOf('"seq":') + 6;
    let seq = 0;
    for (let i = seqAt; isDigit(text.charCodeAt(i)); i++) {
      seq = seq * 10 + text.charCodeAt(i) - DIGIT_0;
    }
    return { seq, prevAt: text.lastIndexOf('"prev":"') + 8 };
  }
  templates.misses++;
  return null;
}

function templatesFor(type: string): TypeTemplates {
  let templates = templatesByType.get(type);
  if (!templates) {
    if (templatesByType.size >= MAX_TYPES) templatesByType.clear();
    templates = { list: [], hits: 0, misses: 0 };
    templatesByType.set(type, templates);
  }
  return templates;
}

function scanEntry(bytes: Uint8Array): ScannedEntry | null {
  text = asBuffer(bytes).toString('latin1');
  const templates = templatesFor(entryTypeKey());
  const known = matchTemplate(templates);
  if (known) return known;
  if (UNUSUAL.test(text) && (NEEDS_SLOW_PATH.test(text) || !isUtf8(bytes))) return null;
  for (let f = 0; f < fieldAt.length; f++) fieldAt[f] = -1;
  valueSpans.length = 0;
  extraTopLevelKeys = 0;
  if (text.charCodeAt(0) !== OPEN_OBJECT || scanObject(0, 1) !== text.length) return null;
  const scanned = entryFields();
  if (scanned && extraTopLevelKeys === 0) learnTemplate(templates);
  return scanned;
}

/** The top-level fields as entryShape requires them, or null to let it say what is wrong. */
function entryFields(): ScannedEntry | null {
  const v = fieldAt[FIELD_V] as number;
  if (v < 0 || fieldEnd[FIELD_V] !== v + 1 || text.charCodeAt(v) !== ENTRY_VERSION_DIGIT) {
    return null;
  }
  const seqAt = fieldAt[FIELD_SEQ] as number;
  if (seqAt < 0 || !isDigit(text.charCodeAt(seqAt))) return null;
  let seq = 0;
  const seqEnd = fieldEnd[FIELD_SEQ] as number;
  for (let i = seqAt; i < seqEnd; i++) seq = seq * 10 + text.charCodeAt(i) - DIGIT_0;
  const prev = fieldAt[FIELD_PREV] as number;
  if (prev < 0 || fieldEnd[FIELD_PREV] !== prev + 66 || text.charCodeAt(prev) !== QUOTE) {
    return null;
  }
  // The 64 characters between the quotes are checked as hex by the caller: matching the
  // previous hash proves it, and a slice's first entry, whose predecessor is not known, tests it.
  const actor = text.charCodeAt(fieldAt[FIELD_ACTOR] as number);
  const type = fieldAt[FIELD_TYPE] as number;
  if (
    text.charCodeAt(fieldAt[FIELD_TIME] as number) !== QUOTE ||
    (actor !== OPEN_OBJECT && actor !== OPEN_ARRAY) ||
    text.charCodeAt(type) !== QUOTE ||
    fieldEnd[FIELD_TYPE] === type + 2 ||
    (fieldAt[FIELD_PAYLOAD] as number) < 0
  ) {
    return null;
  }
  return { seq, prevAt: prev + 1 };
}

/** Each scanner returns the offset just past what it read, or -1 for "not sure". */
function scanValue(at: number, depth: number): number {
  const c = text.charCodeAt(at);
  if (c === QUOTE) return scanString(at);
  if (c === OPEN_OBJECT) return scanObject(at, depth + 1);
  if (c === OPEN_ARRAY) return scanArray(at, depth + 1);
  if (c === MINUS || isDigit(c)) return scanInteger(at);
  if (c === 0x74 && text.startsWith('true', at)) return at + 4;
  if (c === 0x66 && text.startsWith('false', at)) return at + 5;
  if (c === 0x6e && text.startsWith('null', at)) return at + 4;
  return -1;
}

/** No backslash or control character is anywhere in the text: a string ends at a quote. */
function scanString(at: number): number {
  const close = text.indexOf('"', at + 1);
  if (close < 0) return -1;
  valueSpans.push(at, close + 1, SPAN_STRING);
  return close + 1;
}

function scanInteger(at: number): number {
  let i = text.charCodeAt(at) === MINUS ? at + 1 : at;
  const first = i;
  if (text.charCodeAt(i) === DIGIT_0) {
    if (i !== at) return -1; // -0 prints as 0
    i++;
  } else {
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const next = text.charCodeAt(i);
  if (i === first || i - first > 15 || next === 0x2e || next === 0x45 || next === 0x65) return -1;
  valueSpans.push(at, i, SPAN_INTEGER);
  return i;
}

function scanArray(at: number, depth: number): number {
  if (depth >= MAX_DEPTH) return -1;
  let i = at + 1;
  let stringsOnly = true;
  if (text.charCodeAt(i) !== CLOSE_ARRAY) {
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) stringsOnly = false;
      i = scanValue(i, depth);
      if (i < 0) return -1;
      const c = text.charCodeAt(i);
      if (c === CLOSE_ARRAY) break;
      if (c !== COMMA) return -1;
      i++;
    }
  }
  if (stringsOnly) valueSpans.push(at, i + 1, SPAN_STRINGS);
  return i + 1;
}

/**
 * True when the key at [start, end) is ASCII (so byte order is JCS's UTF-16 order), strictly
 * after the previous key at [prevStart, prevEnd) (none when prevStart < 0), and not __proto__.
 */
function keyFollows(prevStart: number, prevEnd: number, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) >= 0x80) return false;
  if (end - start === PROTO_KEY.length && text.startsWith(PROTO_KEY, start)) return false;
  if (prevStart < 0) return true;
  const common = Math.min(prevEnd - prevStart, end - start);
  for (let k = 0; k < common; k++) {
    const a = text.charCodeAt(prevStart + k);
    const b = text.charCodeAt(start + k);
    if (a !== b) return a < b;
  }
  return prevEnd - prevStart < end - start;
}

function topField(start: number, end: number): number {
  for (let f = 0; f < TOP_FIELDS.length; f++) {
    const name = TOP_FIELDS[f] as string;
    if (name.length === end - start && text.startsWith(name, start)) return f;
  }
  return -1;
}

function scanObject(at: number, depth: number): number {
  if (depth >= MAX_DEPTH) return -1;
  let i = at + 1;
  if (text.charCodeAt(i) === CLOSE_OBJECT) return i + 1;
  let keyStart = -1;
  let keyEnd = -1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return -1;
    const close = text.indexOf('"', i + 1);
    if (close < 0 || !keyFollows(keyStart, keyEnd, i + 1, close)) return -1;
    keyStart = i + 1;
    keyEnd = close;
    if (text.charCodeAt(close + 1) !== COLON) return -1;
    i = scanValue(close + 2, depth);
    if (i < 0) return -1;
    if (depth === 1) {
      const field = topField(keyStart, keyEnd);
      if (field >= 0) {
        fieldAt[field] = close + 2;
        fieldEnd[field] = i;
      } else {
        extraTopLevelKeys++;
      }
    }
    const c = text.charCodeAt(i);
    if (c === CLOSE_OBJECT) return i + 1;
    if (c !== COMMA) return -1;
    i++;
  }
}

/**
 * Reads seq and the offset of prev from bytes that are certainly a canonical ledger entry;
 * null when the fast path cannot tell (the caller then parses strictly).
 */
export function scanCanonicalEntry(bytes: Uint8Array): ScannedEntry | null {
  return scanEntry(bytes);
}

function asciiSlice(bytes: Uint8Array, start: number, end: number): string {
  return asBuffer(bytes).toString('latin1', start, end);
}

function isLowerHexAt(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 64; i++) {
    const c = bytes[i] as number;
    if (!isDigit(c) && (c < 0x61 || c > 0x66)) return false;
  }
  return true;
}

/** The stored hash (or the one at `at` in a batch of them) equals `hash`. */
function sameHashAt(stored: Uint8Array, at: number | undefined, hash: Uint8Array): boolean {
  if (at === undefined) return bytesEqual(stored, hash);
  if (stored.length < at + 32) return false;
  for (let i = 0; i < 32; i++) if (stored[at + i] !== hash[i]) return false;
  return true;
}

function hexEquals(bytes: Uint8Array, at: number, hash: Uint8Array): boolean {
  for (let i = 0; i < hash.length; i++) {
    const b = hash[i] as number;
    if (bytes[at + 2 * i] !== HEX_DIGITS[b >> 4] || bytes[at + 2 * i + 1] !== HEX_DIGITS[b & 15]) {
      return false;
    }
  }
  return true;
}

export function chainBrokenFault(seq: number): LedgerFault {
  return {
    seq,
    kind: 'chain-broken',
    message: `Entry ${seq} does not follow the hash of entry ${seq - 1}: an earlier entry was changed.`,
  };
}

/**
 * Checks entries one after another, in the order of ARCHITECTURE.md §3: bytes (canonical JSON),
 * shape, position, chain, stored leaf hash. A verifier of a slice of the ledger starts with an
 * unknown predecessor (`previous` null): the first entry's `prev` is then kept in `firstPrev`
 * for whoever checks the link to the slice before.
 */
export class EntryChainChecker {
  firstPrev: string | null = null;

  constructor(
    /** Position of the next entry to check. */
    public position: number,
    private previous: Uint8Array | null,
  ) {}

  /** The entry's leaf hash, or the fault that stops the chain at this entry. */
  check(
    bytes: Uint8Array,
    storedLeafHash?: Uint8Array,
    /** Where the hash starts when storedLeafHash holds a batch of them. */
    storedAt?: number,
  ): Uint8Array | LedgerFault {
    const seq = this.position;
    const { previous } = this;
    let entrySeq: number;
    /** `prev` is the previous entry's leaf hash. */
    let chained = false;
    let prev: string | undefined;
    const fast = scanEntry(bytes);
    // The scanner leaves `prev`'s 64 characters to us: matching the previous hash proves them hex.
    if (fast && previous && hexEquals(bytes, fast.prevAt, previous)) {
      entrySeq = fast.seq;
      chained = true;
    } else if (fast && isLowerHexAt(bytes, fast.prevAt)) {
      entrySeq = fast.seq;
      prev = asciiSlice(bytes, fast.prevAt, fast.prevAt + 64);
    } else {
      let parsed: unknown;
      try {
        parsed = parseCanonicalJson(bytes);
      } catch (error) {
        const reason = error instanceof LedgerError ? error.message : String(error);
        return {
          seq,
          kind: 'entry-not-canonical',
          message: `Entry ${seq} is not canonical JSON: ${reason}.`,
        };
      }
      const shape = entryShape(parsed);
      if (typeof shape === 'string') {
        return {
          seq,
          kind: 'entry-malformed',
          message: `Entry ${seq} is not a ledger entry: ${shape}.`,
        };
      }
      entrySeq = shape.seq;
      prev = shape.prev;
      chained = previous !== null && prev === toHex(previous);
    }
    if (entrySeq !== seq) {
      return {
        seq,
        kind: 'seq-mismatch',
        message: `Position ${seq} holds entry ${entrySeq}: entries were deleted, inserted or reordered.`,
      };
    }
    if (previous === null) this.firstPrev = prev ?? null;
    else if (!chained) return chainBrokenFault(seq);
    const hash = hashLeaf(bytes);
    if (storedLeafHash && !sameHashAt(storedLeafHash, storedAt, hash)) {
      return {
        seq,
        kind: 'leaf-hash-mismatch',
        message: `Entry ${seq}'s bytes do not match its stored hash.`,
      };
    }
    this.previous = hash;
    this.position = seq + 1;
    return hash;
  }
}

/**
 * After the last entry: fewer entries than promised is truncation; the promised root at the
 * promised size must be the entries' root.
 */
export function chainEndFault(
  size: number,
  root: Uint8Array,
  expected: { size?: number; root?: Uint8Array },
): LedgerFault | null {
  if (expected.size !== undefined && size < expected.size) {
    return {
      seq: size,
      kind: 'truncated',
      message: `The ledger has ${size} entries but ${expected.size} were promised: it was truncated.`,
    };
  }
  if (expected.root && (expected.size === undefined || expected.size === size)) {
    if (!bytesEqual(root, expected.root)) {
      return {
        seq: Math.max(0, size - 1),
        kind: 'root-mismatch',
        message: `The ${size} entries hash to a different root than expected: the history was rewritten.`,
      };
    }
  }
  return null;
}

/**
 * Level-1 checks over entries in order (ARCHITECTURE.md §3): bytes first (canonical JSON),
 * then position, chain and leaf hash, then the tree root and size against what a checkpoint
 * promises. Streams: memory stays O(log n) whatever the ledger's length. Stops at the first
 * fault, naming its seq and kind.
 */
export function verifyEntryChain(
  entries: Iterable<EntryRecord>,
  expected: { size?: number; root?: Uint8Array } = {},
): ChainVerification {
  const tree = new MerkleAccumulator();
  const checker = new EntryChainChecker(0, GENESIS_HASH);
  for (const record of entries) {
    const result = checker.check(record.bytes, record.leafHash);
    if (!(result instanceof Uint8Array))
      return { size: tree.size, root: tree.root(), fault: result };
    tree.push(result);
  }
  const root = tree.root();
  return { size: tree.size, root, fault: chainEndFault(tree.size, root, expected) };
}

function seqOf(bytes: Uint8Array | undefined): number | undefined {
  if (bytes === undefined) return undefined;
  try {
    const { seq } = JSON.parse(Buffer.from(bytes).toString('utf8')) as { seq?: unknown };
    return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tells a deletion from a reordering once the chain check has stopped at a position holding
 * another entry: position p holding a later entry q means p..q-1 are gone, unless position
 * p + 1 holds entry p, which is a swap; an earlier entry means entries were moved or repeated.
 * `entryAt(position)` reads the bytes stored at a position (row or line order), if any.
 */
export function classifyPositionFault(
  fault: LedgerFault,
  entryAt: (position: number) => Uint8Array | undefined,
): LedgerFault {
  if (fault.kind !== 'seq-mismatch') return fault;
  const position = fault.seq;
  const here = seqOf(entryAt(position));
  if (here === undefined || here === position) return fault;
  const next = seqOf(entryAt(position + 1));
  if (here > position && next !== position) {
    const missing = here - 1 > position ? `${position}–${here - 1}` : String(position);
    return {
      seq: position,
      kind: 'entry-deleted',
      message: `Entry ${missing} ${here - 1 > position ? 'are' : 'is'} missing: position ${position} holds entry ${here}. Entries were deleted.`,
    };
  }
  return {
    seq: position,
    kind: 'entries-reordered',
    message:
      next === position
        ? `Entries ${position} and ${here} were swapped: each holds the other's place.`
        : `Position ${position} holds entry ${here}: entries were moved or repeated.`,
  };
}
