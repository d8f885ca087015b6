/** Finds the first message in a react-hook-form error tree (array fields nest theirs). */
export function firstErrorMessage(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { message } = error as { message?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  for (const [key, value] of Object.entries(error)) {
    // `ref` points at a DOM element; `types` repeats the messages already found.
    if (key === 'ref' || key === 'types') continue;
    const found = firstErrorMessage(value);
    if (found !== undefined) return found;
  }
  return undefined;
}
