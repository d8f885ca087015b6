/**
 * Before a list editor removes row `index`: moves focus to the same control of the next row,
 * else of the previous one, else to `fallback` (the Add button), so the keyboard user is not
 * dropped to the top of the page. Rows carry `data-row`; the control to focus `data-row-focus`.
 * The other rows keep their elements across the removal (useFieldArray keys them), so the
 * focus stays where it was put.
 */
export function moveFocusFromRow(
  container: HTMLElement | null,
  index: number,
  fallback: HTMLElement | null,
): void {
  const rows = container?.querySelectorAll<HTMLElement>('[data-row]') ?? [];
  const neighbour = rows[index + 1] ?? rows[index - 1];
  const target = neighbour?.querySelector<HTMLElement>('[data-row-focus]') ?? fallback;
  target?.focus();
}
