import { useCallback, useState } from 'react';
import type { z } from 'zod';

/** Reads a preference stored as JSON; anything missing, unreadable or invalid is `fallback`. */
export function readStored<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    if (text === null) return fallback;
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/**
 * A UI preference (column choices, saved views) kept in localStorage under `key`. These are
 * conveniences of this window, not governance records: they never go through main or the ledger.
 */
export function useStoredState<T>(
  key: string,
  schema: z.ZodType<T>,
  fallback: T,
): [T, (next: T) => void] {
  const [value, setValue] = useState<T>(() => readStored(key, schema, fallback));
  const update = useCallback(
    (next: T) => {
      setValue(next);
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Storage full or disabled: the choice still holds until the window closes.
      }
    },
    [key],
  );
  return [value, update];
}
