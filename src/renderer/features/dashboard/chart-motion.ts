/** Charts grow into place unless the system asks for less motion (or cannot say: tests). */
export function chartAnimation(): boolean {
  if (typeof window.matchMedia !== 'function') return false;
  return !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
