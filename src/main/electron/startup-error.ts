import { app, dialog } from 'electron';
import { AppError } from '../../shared/errors';
import { createLogger } from '../core/log/logger';
import { NativeBindingError } from './native-binding';

const log = createLogger('electron');

export interface StartupErrorMessage {
  title: string;
  message: string;
}

/** What the person starting the app reads: the stable code plus a message they can act on. */
export function describeStartupError(error: unknown): StartupErrorMessage {
  if (error instanceof AppError) {
    return {
      title: 'Concordat cannot open its workspace',
      message: `${error.message}\n\nError code: ${error.code}`,
    };
  }
  if (error instanceof NativeBindingError) {
    return { title: 'Concordat cannot start', message: error.message };
  }
  const detail = error instanceof Error ? `\n\n${error.message}` : '';
  return {
    title: 'Concordat cannot start',
    message: `An unexpected error stopped Concordat from starting.${detail}`,
  };
}

/**
 * Tells the user and exits with a failure status. Exiting (rather than throwing) keeps a bad
 * workspace from turning into a crash loop under a process supervisor or an OS relaunch.
 */
export function failStartup(error: unknown): void {
  log.error('startup failed', { error });
  const { title, message } = describeStartupError(error);
  dialog.showErrorBox(title, message);
  app.exit(1);
}
