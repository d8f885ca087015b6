/**
 * Moves focus after React has re-rendered, to the first match that can take it: a moved or
 * removed list item must not leave keyboard users at the top of the page.
 */
export function focusLater(...selectors: string[]): void {
  requestAnimationFrame(() => {
    for (const selector of selectors) {
      const target = document.querySelector<HTMLElement>(selector);
      if (target && !(target as HTMLButtonElement).disabled) {
        target.focus();
        return;
      }
    }
  });
}
