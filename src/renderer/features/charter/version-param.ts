/** `?version=3` → 3; anything else (missing, 0, text, absurdly large) → null. */
export function readVersionParam(value: string | null): number | null {
  return value !== null && /^[1-9][0-9]{0,6}$/.test(value) ? Number(value) : null;
}
