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
  return new StrictJsonParser(text, maxDepth, options.canonical === true).parseDocument();
}

class StrictJsonParser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly canonical: boolean,
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
      result.push(this.parseValue());
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
    // escaped text must be escaped exactly as JCS does (RFC 8785 §3.2.2.2).
    if (this.canonical && escaped && JSON.stringify(value) !== this.text.slice(start, i + 1)) {
      this.notCanonical('string escapes differ from JCS', start);
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
    // RFC 8785 §3.2.2.3: the canonical spelling is ECMAScript's Number::toString.
    if (this.canonical && String(value) !== match[0]) this.notCanonical('number spelling');
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
