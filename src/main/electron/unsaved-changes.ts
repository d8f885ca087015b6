import type { MessageBoxSyncOptions } from 'electron';

/** The part of WebContents the guard needs. */
interface UnloadSource {
  on(event: 'will-prevent-unload', listener: (event: { preventDefault(): void }) => void): void;
}

/**
 * A page with unsaved edits (the charter editor, the dataset form) refuses to unload through
 * `beforeunload`. A browser then asks the user; Electron silently keeps the window open unless
 * main asks. This asks, and lets the window close only when the user chooses to leave.
 */
export function guardUnsavedChanges(
  contents: UnloadSource,
  showMessageBox: (options: MessageBoxSyncOptions) => number,
): void {
  contents.on('will-prevent-unload', (event) => {
    const choice = showMessageBox({
      type: 'question',
      title: 'Unsaved changes',
      message: 'You have unsaved changes.',
      detail: 'If you leave now, the changes you have not saved are lost.',
      buttons: ['Leave without saving', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    });
    // preventDefault here overrides the page's refusal: the window unloads.
    if (choice === 0) event.preventDefault();
  });
}
