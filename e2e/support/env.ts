/** The signing-key passphrase the e2e workspaces are created with (never a real secret). */
export const E2E_PASSPHRASE = 'e2e passphrase, not a secret';

/** The environment for CLI and server processes the tests start. */
export function e2eEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CONCORDAT_PASSPHRASE: E2E_PASSPHRASE };
}
