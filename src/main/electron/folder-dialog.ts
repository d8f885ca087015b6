import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';

/**
 * The system folder picker. Only the chosen path crosses to the renderer, and only as a
 * suggestion: main still checks the folder when the export runs.
 */
export function createFolderChooser(
  showOpenDialog: (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>,
) {
  return async (options: { title: string; defaultPath: string }): Promise<string | null> => {
    const result = await showOpenDialog({
      title: options.title,
      defaultPath: options.defaultPath,
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
