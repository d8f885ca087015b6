import { describe, expect, it, vi } from 'vitest';

// The module only needs electron's types; the mock proves it never touches electron at runtime.
vi.mock('electron', () => ({}));

const { createWindowOptions, WINDOW_TITLE } = await import('./window-options');

describe('createWindowOptions', () => {
  const options = createWindowOptions('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer with no Node access', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('never enables a risky preference', () => {
    const prefs = options.webPreferences ?? {};
    const risky = ['enableBlinkFeatures', 'additionalArguments', 'session', 'partition'];
    for (const key of risky) expect(prefs).not.toHaveProperty(key);
  });

  it('stays hidden until ready-to-show, with a title, size and background', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe(WINDOW_TITLE);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0);
  });
});
