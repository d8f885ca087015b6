import {
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { useTempDir } from '../../testing/temp-dir';
import { createFolderTransport } from './folder-transport';
import { MAX_BUNDLE_BYTES, snapshotKey } from './transport';

const recipient = '3f0c5a9e-8b1d-4c2e-9f3a-0123456789ab';
const issuer = 'a1b2c3d4-e5f6-4789-8abc-def012345678';
const key = snapshotKey(recipient, issuer, 3);

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'no error';
}

/** Every file under dir, relative, so a test can say exactly what a write left behind. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('the shared-folder transport', () => {
  const tempDir = useTempDir();

  it('writes one folder per peer and reads the bytes back', async () => {
    const root = tempDir();
    const transport = createFolderTransport(root);
    const bytes = new Uint8Array([1, 2, 3, 250]);
    await transport.put(key, bytes);
    expect(readFileSync(join(root, recipient, issuer, '00000003.snapshot'))).toEqual(
      Buffer.from(bytes),
    );
    expect(await transport.get(key)).toEqual(bytes);
    expect(transport.label).toBe(root);
  });

  it('answers null for a bundle that is not there', async () => {
    const transport = createFolderTransport(tempDir());
    expect(await transport.get(key)).toBeNull();
  });

  it('leaves only the finished file behind, even when overwriting', async () => {
    const root = tempDir();
    const transport = createFolderTransport(root);
    await transport.put(key, new Uint8Array(1000).fill(1));
    await transport.put(key, new Uint8Array([9]));
    expect(filesUnder(root)).toEqual([join(recipient, issuer, '00000003.snapshot')]);
    expect(await transport.get(key)).toEqual(new Uint8Array([9]));
  });

  it('refuses keys that are not exactly recipient/issuer/version.snapshot', async () => {
    const transport = createFolderTransport(tempDir());
    const bad = [
      `${recipient}/../${issuer}/00000003.snapshot`,
      `../${recipient}/${issuer}/00000003.snapshot`,
      `/${key}`,
      key.replace(/\//g, '\\'),
      `${recipient}/%2e%2e/00000003.snapshot`,
      `${key}\0`,
      `${key}/extra`,
      `x/${key}`,
      key.toUpperCase(),
      `${recipient}/${issuer}/3.snapshot`,
    ];
    for (const candidate of bad) {
      expect(await codeOf(transport.put(candidate, new Uint8Array(1)))).toBe(
        'TRANSPORT_PATH_ESCAPE',
      );
      expect(await codeOf(transport.get(candidate))).toBe('TRANSPORT_PATH_ESCAPE');
    }
  });

  it('refuses a peer folder that is a symlink to somewhere outside the root', async () => {
    const root = tempDir();
    const outside = tempDir();
    symlinkSync(outside, join(root, recipient), 'dir');
    const transport = createFolderTransport(root);
    expect(await codeOf(transport.put(key, new Uint8Array(1)))).toBe('TRANSPORT_PATH_ESCAPE');
    // Not even an empty issuer folder was made out there.
    expect(readdirSync(outside)).toEqual([]);

    mkdirSync(join(outside, issuer));
    writeFileSync(join(outside, issuer, '00000003.snapshot'), 'secret elsewhere');
    expect(await codeOf(transport.get(key))).toBe('TRANSPORT_PATH_ESCAPE');
  });

  it('refuses a bundle file that is a symlink to a file outside the root', async () => {
    const root = tempDir();
    const outside = join(tempDir(), 'passwd');
    writeFileSync(outside, 'not yours');
    mkdirSync(join(root, recipient, issuer), { recursive: true });
    symlinkSync(outside, join(root, recipient, issuer, '00000003.snapshot'));
    expect(await codeOf(createFolderTransport(root).get(key))).toBe('TRANSPORT_PATH_ESCAPE');
  });

  it('follows symlinks that stay inside the root, and a symlinked root itself', async () => {
    const real = tempDir();
    const link = join(tempDir(), 'Dropbox');
    symlinkSync(real, link, 'dir');
    mkdirSync(join(real, 'elsewhere'));
    symlinkSync(join(real, 'elsewhere'), join(real, recipient), 'dir');
    const transport = createFolderTransport(link);
    await transport.put(key, new Uint8Array([7]));
    expect(await transport.get(key)).toEqual(new Uint8Array([7]));
    expect(filesUnder(join(real, 'elsewhere'))).toEqual([join(issuer, '00000003.snapshot')]);
  });

  it('refuses bundles over the cap, before reading or writing them', async () => {
    const root = tempDir();
    const transport = createFolderTransport(root);
    expect(await codeOf(transport.put(key, new Uint8Array(MAX_BUNDLE_BYTES + 1)))).toBe(
      'BUNDLE_TOO_LARGE',
    );
    expect(filesUnder(root)).toEqual([]);

    const file = join(root, recipient, issuer, '00000003.snapshot');
    mkdirSync(join(root, recipient, issuer), { recursive: true });
    writeFileSync(file, '');
    // Sparse: the size says 64 MiB + 1 without the disk holding it.
    truncateSync(file, MAX_BUNDLE_BYTES + 1);
    expect(await codeOf(transport.get(key))).toBe('BUNDLE_TOO_LARGE');
  });

  it('stops when cancelled, writing nothing', async () => {
    const root = tempDir();
    const transport = createFolderTransport(root);
    expect(await codeOf(transport.put(key, new Uint8Array(1), AbortSignal.abort()))).toBe(
      'CANCELLED',
    );
    expect(await codeOf(transport.get(key, AbortSignal.abort()))).toBe('CANCELLED');
    expect(filesUnder(root)).toEqual([]);
  });

  it('says which folder is missing when the root is not there', async () => {
    const root = join(tempDir(), 'not-mounted');
    const transport = createFolderTransport(root);
    for (const attempt of [transport.put(key, new Uint8Array(1)), transport.get(key)]) {
      const error = await attempt.then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('TRANSPORT_UNREACHABLE');
      expect((error as AppError).message).toContain(root);
    }
  });
});
