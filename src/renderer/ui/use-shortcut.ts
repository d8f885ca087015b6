import { useEffect, useEffectEvent } from 'react';

/** True when a keystroke belongs to what the user is typing, not to the app. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/**
 * Calls `handler` for every key pressed in the window while the component is mounted; the
 * handler sees the component's current props and state.
 */
export function useWindowKeyDown(handler: (event: KeyboardEvent) => void): void {
  const onKey = useEffectEvent(handler);
  useEffect(() => {
    function listener(event: KeyboardEvent): void {
      onKey(event);
    }
    window.addEventListener('keydown', listener);
    return () => {
      window.removeEventListener('keydown', listener);
    };
  }, []);
}

/**
 * A single-key shortcut (like `/` or `n`) that fires only when focus is not in a field, no
 * modifier is held and nothing else has handled the key.
 */
export function useShortcut(key: string, handler: (event: KeyboardEvent) => void): void {
  useWindowKeyDown((event) => {
    if (event.key !== key || event.defaultPrevented || event.repeat) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTypingTarget(event.target)) return;
    if (document.querySelector('[aria-modal="true"]')) return;
    event.preventDefault();
    handler(event);
  });
}
