import type { Location } from 'react-router';
import { useUnsavedChanges, type UnsavedChanges } from '../../ui/use-unsaved-changes';

function versionOf(search: string): string | null {
  return new URLSearchParams(search).get('version');
}

/** Opening another version from the history (same path, another `?version=`) leaves too. */
function leavesVersion(current: Location, next: Location): boolean {
  return current.pathname !== next.pathname || versionOf(current.search) !== versionOf(next.search);
}

/**
 * Asks before unsaved charter edits are lost: leaving the screen, or opening another version
 * from the history, through the router's blocker; closing or reloading the window through
 * `beforeunload`.
 */
export function useCharterUnsaved(dirty: boolean): UnsavedChanges {
  return useUnsavedChanges(dirty, leavesVersion);
}
