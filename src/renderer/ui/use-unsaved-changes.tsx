import { useCallback, useEffect, useRef } from 'react';
import { useBlocker, type Blocker, type BlockerFunction, type Location } from 'react-router';
import { ConfirmDialog } from './confirm-dialog';

export interface UnsavedChanges {
  blocker: Blocker;
  /** Lets the next navigation through, e.g. right after a successful save. */
  allowNavigation: () => void;
}

/** Whether a navigation leaves the edits behind; by default, when it goes to another path. */
export type LeavesEdits = (current: Location, next: Location) => boolean;

const leavesPath: LeavesEdits = (current, next) => current.pathname !== next.pathname;

/**
 * Asks before leaving a screen with unsaved edits: in-app navigation through the router's
 * blocker, closing or reloading the window through `beforeunload`. `leaves` should be stable
 * (defined outside the component): the blocker is registered again when it changes.
 */
export function useUnsavedChanges(dirty: boolean, leaves = leavesPath): UnsavedChanges {
  const allowed = useRef(false);
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => {
      if (allowed.current) {
        allowed.current = false;
        return false;
      }
      return dirty && leaves(currentLocation, nextLocation);
    },
    [dirty, leaves],
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

  const allowNavigation = useCallback(() => {
    allowed.current = true;
  }, []);

  return { blocker, allowNavigation };
}

export function UnsavedChangesDialog({ blocker }: { blocker: Blocker }) {
  if (blocker.state !== 'blocked') return null;
  return (
    <ConfirmDialog
      title="Discard unsaved changes?"
      message="Your changes have not been saved. If you leave now, they are lost."
      confirmLabel="Discard changes"
      cancelLabel="Keep editing"
      tone="danger"
      onConfirm={() => {
        blocker.proceed();
      }}
      onCancel={() => {
        blocker.reset();
      }}
    />
  );
}
