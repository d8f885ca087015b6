/** A JSON value as the ledger stores it: I-JSON (RFC 7493), so numbers are finite doubles. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Nesting limit shared by the serialiser and the parser, so everything one writes the other
 * reads. Ledger entries are shallow; the cap keeps hostile input from exhausting the stack.
 */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/**
 * `__proto__` is refused everywhere: JSON.parse makes it an own property, but any code that
 * copies the object with assignment or spread turns it into a prototype change.
 */
export const FORBIDDEN_JSON_KEY = '__proto__';
