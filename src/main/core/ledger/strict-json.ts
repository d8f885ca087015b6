import { hasLoneSurrogate, utf8DecodeStrict } from './bytes';
import { LedgerError } from './errors';
import type { JsonObject, JsonValue } from './json-value';
import { DEFAULT_MAX_JSON_DEPTH, FORBIDDEN_JSON_KEY } from './json-value';

export interface StrictJsonOptions {
  maxDepth?: number;
  /**
   * Also require the exact RFC 8785 form (JSON_NOT_CANONICAL otherwise): no whitespace, keys in
   * UTF-16 order, numbers as ECMAScript prints them, strings escaped as JCS escapes them. Checked
   * while parsing, which is cheaper than re-serialising and comparing.
   */
  canonical?: boolean;
}

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPE_RE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Parses RFC 8259 JSON, refusing what JSON.parse lets through silently: duplicate keys (it keeps
 * the last, so two readers could see different entries), `__proto__` keys, unpaired surrogates
 * and numbers that overflow to Infinity (I-JSON, RFC 7493 §2), and nesting beyond maxDepth.
 */
export function parseJsonStrict(
  input: string | Uint8Array,
  options: StrictJsonOptions = {},
): JsonValue {
  const text = typeof input === 'string' ? input : utf8DecodeStrict(input);
  if (text === undefined) throw new LedgerError('JSON_SYNTAX', 'JSON text is not valid UTF-8');
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  return new StrictJsonParser(text, maxDepth, options.canonical === true, null).parseDocument();
}

/** Where one item of a top-level array lies in the text. */
export interface JsonItemSpan {
  /** Offsets in the decoded text (UTF-16 units): the item is text.slice(start, end). */
  start: number;
  end: number;
  /**
   * The item has no whitespace and spells every string and number exactly as JSON.stringify
   * does (escapes, number form). For an object whose keys JSON.stringify keeps in text order
   * (none integer-like), its text is then JSON.stringify of its value.
   */
  stringified: boolean;
}

export interface JsonWithItems {
  value: JsonValue;
  /** The decoded text the offsets refer to. */
  text: string;
  /** One span per item when the document is an array, else null. */
  items: JsonItemSpan[] | null;
}

/**
 * parseJsonStrict (non-canonical), refusing exactly the same input, that also says where each
 * item of a top-level array lies and whether its text is already JSON.stringify's: a caller
 * that needs each item's JSON can then take the text instead of serialising it again.
 */
export function parseJsonStrictWithItems(
  input: string | Uint8Array,
  options: Omit<StrictJsonOptions, 'canonical'> = {},
): JsonWithItems {
  const text = typeof input === 'string' ? input : utf8DecodeStrict(input);
  if (text === undefined) throw new LedgerError('JSON_SYNTAX', 'JSON text is not valid UTF-8');
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const items: JsonItemSpan[] = [];
  const value = new StrictJsonParser(text, maxDepth, false, items).parseDocument();
  return { value, text, items: Array.isArray(value) ? items : null };
}

class StrictJsonParser {
  private pos = 0;
  private depth = 0;
  /** Cleared by whatever JSON.stringify would write differently; tracked only with `items`. */
  private stringified = true;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly canonical: boolean,
    /** Filled with the spans of a top-level array's items, when given. */
    private readonly items: JsonItemSpan[] | null,
  ) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private parseValue(): JsonValue {
    const code = this.text.charCodeAt(this.pos);
    switch (code) {
      case 0x7b: // {
        return this.parseObject();
      case 0x5b: // [
        return this.parseArray();
      case 0x22: // "
        return this.parseString();
      case 0x74: // t
        return this.parseLiteral('true', true);
      case 0x66: // f
        return this.parseLiteral('false', false);
      case 0x6e: // n
        return this.parseLiteral('null', null);
      default:
        if (code === 0x2d || (code >= 0x30 && code <= 0x39)) return this.parseNumber();
        return this.fail(Number.isNaN(code) ? 'unexpected end of input' : 'unexpected character');
    }
  }

  private parseObject(): JsonObject {
    this.enter();
    this.pos++;
    const result: JsonObject = {};
    let previousKey: string | undefined;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      this.depth--;
      return result;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('expected a string key');
      const keyAt = this.pos;
      const key = this.parseString();
      if (key === FORBIDDEN_JSON_KEY) {
        throw new LedgerError(
          'JSON_FORBIDDEN_KEY',
          `The key "__proto__" is refused (offset ${keyAt})`,
        );
      }
      // Keys compare after unescaping: "a" and "\u0061" are the same key.
      if (Object.hasOwn(result, key)) {
        throw new LedgerError(
          'JSON_DUPLICATE_KEY',
          `Duplicate key ${JSON.stringify(key)} (offset ${keyAt})`,
        );
      }
      // RFC 8785 §3.2.3: JS string comparison is by UTF-16 code units, as JCS sorts.
      if (this.canonical && previousKey !== undefined && previousKey > key) {
        this.notCanonical('keys are not sorted', keyAt);
      }
      previousKey = key;
      this.skipWhitespace();
      this.expect(0x3a, "expected ':'");
      this.skipWhitespace();
      result[key] = this.parseValue();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) === 0x2c) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      this.expect(0x7d, "expected ',' or '}'");
      this.depth--;
      return result;
    }
  }

  private parseArray(): JsonValue[] {
    const spans = this.depth === 0 ? this.items : null;
    this.enter();
    this.pos++;
    const result: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      this.depth--;
      return result;
    }
    for (;;) {
      if (spans) {
        const start = this.pos;
        this.stringified = true;
        result.push(this.parseValue());
        spans.push({ start, end: this.pos, stringified: this.stringified });
      } else {
        result.push(this.parseValue());
      }
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) === 0x2c) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      this.expect(0x5d, "expected ',' or ']'");
      this.depth--;
      return result;
    }
  }

  private parseString(): string {
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const code = this.text.charCodeAt(i);
      if (Number.isNaN(code)) this.fail('unterminated string', start);
      if (code === 0x22) break;
      if (code < 0x20) this.fail('control character in string', i);
      if (code === 0x5c) {
        ESCAPE_RE.lastIndex = i;
        if (!ESCAPE_RE.test(this.text)) this.fail('invalid escape sequence', i);
        i = ESCAPE_RE.lastIndex;
        escaped = true;
        continue;
      }
      i++;
    }
    this.pos = i + 1;
    // The slice is validated above, so JSON.parse only does the unescaping here.
    const value = escaped
      ? (JSON.parse(this.text.slice(start, i + 1)) as string)
      : this.text.slice(start + 1, i);
    if (hasLoneSurrogate(value)) this.fail('unpaired surrogate in string', start);
    // Unescaped text is always canonical (quotes, backslashes and controls cannot appear raw);
    // escaped text must be escaped exactly as JCS does (RFC 8785 §3.2.2.2), which is exactly
    // how JSON.stringify escapes.
    if (
      escaped &&
      (this.canonical || this.items) &&
      JSON.stringify(value) !== this.text.slice(start, i + 1)
    ) {
      if (this.canonical) this.notCanonical('string escapes differ from JCS', start);
      this.stringified = false;
    }
    return value;
  }

  private parseNumber(): number {
    NUMBER_RE.lastIndex = this.pos;
    const match = NUMBER_RE.exec(this.text);
    if (match === null) return this.fail('invalid number');
    const value = Number(match[0]);
    if (!Number.isFinite(value)) {
      throw new LedgerError(
        'JSON_UNSUPPORTED_VALUE',
        `Number out of range at offset ${this.pos}: I-JSON numbers must be finite doubles`,
      );
    }
    // RFC 8785 §3.2.2.3: the canonical spelling is ECMAScript's Number::toString, which is
    // also JSON.stringify's.
    if ((this.canonical || this.items) && String(value) !== match[0]) {
      if (this.canonical) this.notCanonical('number spelling');
      this.stringified = false;
    }
    this.pos = NUMBER_RE.lastIndex;
    return value;
  }

  private parseLiteral<T extends boolean | null>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('invalid literal');
    this.pos += word.length;
    return value;
  }

  private enter(): void {
    if (this.depth >= this.maxDepth) {
      throw new LedgerError(
        'JSON_TOO_DEEP',
        `JSON nesting exceeds ${this.maxDepth} (offset ${this.pos})`,
      );
    }
    this.depth++;
  }

  private expect(code: number, message: string): void {
    if (this.text.charCodeAt(this.pos) !== code) this.fail(message);
    this.pos++;
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      if (this.canonical) this.notCanonical('whitespace');
      this.stringified = false;
      this.pos++;
    }
  }

  private notCanonical(reason: string, at = this.pos): never {
    throw new LedgerError(
      'JSON_NOT_CANONICAL',
      `JSON is not in RFC 8785 canonical form at offset ${at}: ${reason}`,
    );
  }

  private fail(message: string, at = this.pos): never {
    throw new LedgerError('JSON_SYNTAX', `Invalid JSON at offset ${at}: ${message}`);
  }
}
