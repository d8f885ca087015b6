import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { configureLogging } from '../core/log/logger';
import { NativeBindingError } from './native-binding';

const electron = vi.hoisted(() => ({
  app: { exit: vi.fn() },
  dialog: { showErrorBox: vi.fn() },
}));
vi.mock('electron', () => electron);

const { describeStartupError, failStartup } = await import('./startup-error');

configureLogging({ sink: () => undefined });
beforeEach(() => {
  vi.clearAllMocks();
});

describe('describeStartupError', () => {
  it('shows an AppError’s message and code', () => {
    const error = new AppError(
      'WORKSPACE_TOO_NEW',
      'This workspace was written by a newer Concordat.',
    );
    expect(describeStartupError(error)).toEqual({
      title: 'Concordat cannot open its workspace',
      message: 'This workspace was written by a newer Concordat.\n\nError code: WORKSPACE_TOO_NEW',
    });
  });

  it('shows a native-binding problem as is', () => {
    const error = new NativeBindingError('Run `node scripts/electron-native.js`.');
    expect(describeStartupError(error)).toEqual({
      title: 'Concordat cannot start',
      message: 'Run `node scripts/electron-native.js`.',
    });
  });

  it('keeps unexpected errors short', () => {
    expect(describeStartupError(new Error('boom')).message).toMatch(/unexpected error.*\n\nboom$/s);
    expect(describeStartupError('weird').message).toBe(
      'An unexpected error stopped Concordat from starting.',
    );
  });
});

describe('failStartup', () => {
  it('shows an error box and exits with a failure status', () => {
    failStartup(new AppError('WORKSPACE_LOCKED', 'The workspace is in use.'));
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(
      'Concordat cannot open its workspace',
      expect.stringContaining('WORKSPACE_LOCKED'),
    );
    expect(electron.app.exit).toHaveBeenCalledWith(1);
  });
});
