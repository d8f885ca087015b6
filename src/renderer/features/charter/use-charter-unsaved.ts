import { useCallback, useEffect, useRef } from 'react';
import { useBlocker, type Blocker, type BlockerFunction } from 'react-router';

function versionOf(search: string): string | null {
  return new URLSearchParams(search).get('version');
}

/**
 * Asks before unsaved charter edits are lost: leaving the screen, or opening another version
 * from the history (same path, another `?version=`), through the router's blocker; closing or
 * reloading the window through `beforeunload`.
 */
export function useCharterUnsaved(dirty: boolean): {
  blocker: Blocker;
  /** Lets the next navigation through without asking (after a discard the user confirmed). */
  allowNextNavigation: () => void;
} {
  const allowed = useRef(false);
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => {
      if (allowed.current) {
        allowed.current = false;
        return false;
      }
      if (!dirty) return false;
      return (
        currentLocation.pathname !== nextLocation.pathname ||
        versionOf(currentLocation.search) !== versionOf(nextLocation.search)
      );
    },
    [dirty],
  );
  const blocker = useBlocker(shouldBlock);

  useEffect(() => {
    if (!dirty) return;
    function onBeforeUnload(event: BeforeUnloadEvent): void {
      event.preventDefault();
    }
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [dirty]);

  const allowNextNavigation = useCallback(() => {
    allowed.current = true;
  }, []);
  return { blocker, allowNextNavigation };
}
