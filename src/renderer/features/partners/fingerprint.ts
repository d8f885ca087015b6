const PREFIX = 'SHA256:';
/** Main accepts a unique leading part of the fingerprint, at least this long after `SHA256:`. */
export const MIN_FINGERPRINT_CHARS = 8;

export type FingerprintCheck = 'empty' | 'short' | 'mismatch' | 'match';

/** What the operator typed, without the spaces of the grouped form (main takes it so). */
export function normaliseFingerprint(typed: string): string {
  return typed.replace(/\s+/g, '');
}

/**
 * Whether what the operator typed (the fingerprint the peer read out, or its leading part)
 * matches the card's key, by the rule main applies when it pins the peer (expectFingerprint):
 * with or without `SHA256:`, at least 8 characters after it, letters' case exact. Spaces are
 * ignored, so the grouped form read aloud can be typed as heard.
 */
export function checkFingerprint(cardFingerprint: string, typed: string): FingerprintCheck {
  const text = normaliseFingerprint(typed);
  if (text === '') return 'empty';
  // Still typing the `SHA256:` in front.
  if (PREFIX.startsWith(text)) return 'short';
  const prefixed = text.startsWith(PREFIX) ? text : `${PREFIX}${text}`;
  if (prefixed.length > cardFingerprint.length || !cardFingerprint.startsWith(prefixed)) {
    return 'mismatch';
  }
  return prefixed.length < PREFIX.length + MIN_FINGERPRINT_CHARS ? 'short' : 'match';
}

/** The fingerprint in groups of four after `SHA256:`, easier to read aloud and compare. */
export function groupFingerprint(fingerprint: string): string {
  if (!fingerprint.startsWith(PREFIX)) return fingerprint;
  const body = fingerprint.slice(PREFIX.length);
  return `${PREFIX} ${body.replace(/(.{4})(?=.)/g, '$1 ')}`;
}
