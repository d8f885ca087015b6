import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { mkdir, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join, relative, isAbsolute, sep } from 'node:path';
import { AppError } from '../../../../shared/errors';
import {
  MAX_BUNDLE_BYTES,
  parseSnapshotKey,
  refuseOversizeBundle,
  type SnapshotTransport,
} from './transport';

/**
 * A folder another program keeps in step between machines (Dropbox, OneDrive, a network
 * share): `<root>/<recipient>/<issuer>/<version>.snapshot`, one folder per peer. The sync
 * program only ever sees whole files (written aside, then renamed), and a symlink planted in
 * the folder cannot make this node read or write outside it.
 */
export function createFolderTransport(root: string): SnapshotTransport {
  return {
    label: root,
    put: (key, bytes, signal) => explained(putFile(root, key, bytes, signal), 'write', key, root),
    get: (key, signal) => explained(getFile(root, key, signal), 'read', key, root),
  };
}

/** A file-system failure (permissions, a full disk) or a cancel, as a coded error naming the file. */
async function explained<T>(work: Promise<T>, verb: string, key: string, root: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as Error | undefined)?.name === 'AbortError') {
      throw new AppError('CANCELLED', `The ${verb} of ${key} was cancelled.`, undefined, {
        cause: error,
      });
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code !== 'string') throw error;
    throw new AppError(
      'TRANSPORT_FAILED',
      `Could not ${verb} ${key} in the shared folder ${root} (${code}).`,
      undefined,
      { cause: error },
    );
  }
}

/** Windows has no O_NOFOLLOW (the typings say otherwise); there, the realpath check stands alone. */
const noFollow = (constants.O_NOFOLLOW as number | undefined) ?? 0;

async function putFile(
  root: string,
  key: string,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  const [recipient, issuer, fileName] = parseSnapshotKey(key).segments;
  if (bytes.byteLength > MAX_BUNDLE_BYTES) refuseOversizeBundle(key, bytes.byteLength);
  signal?.throwIfAborted();
  const realRoot = await resolveRoot(root);
  const dir = await folderInside(realRoot, [recipient, issuer], key);
  const temp = join(dir, `.${fileName}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    signal?.throwIfAborted();
    // rename replaces a symlink at the destination rather than writing through it.
    await rename(temp, join(dir, fileName));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function getFile(
  root: string,
  key: string,
  signal?: AbortSignal,
): Promise<Uint8Array | null> {
  const segments = parseSnapshotKey(key).segments;
  signal?.throwIfAborted();
  const realRoot = await resolveRoot(root);
  let realFile: string;
  try {
    realFile = await realpath(join(realRoot, ...segments));
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  insideRoot(realRoot, realFile, key);
  // O_NOFOLLOW: the checked path cannot be swapped for a symlink between realpath and open.
  const handle = await open(realFile, constants.O_RDONLY | noFollow);
  try {
    const info = await handle.stat();
    if (!info.isFile()) refuseNotAFile(key);
    if (info.size > MAX_BUNDLE_BYTES) refuseOversizeBundle(key, info.size);
    return await readAtMost(handle, info.size, key);
  } finally {
    await handle.close();
  }
}

/** Reads the file's bytes, refusing it if it grew past the cap since fstat. */
async function readAtMost(handle: FileHandle, size: number, key: string): Promise<Uint8Array> {
  const buffer = Buffer.alloc(Math.min(size + 1, MAX_BUNDLE_BYTES + 1));
  let filled = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    if (filled === buffer.length) {
      if (filled > MAX_BUNDLE_BYTES) refuseOversizeBundle(key);
      // It grew while we read but is still under the cap: a writer did not rename atomically.
      throw new AppError(
        'TRANSPORT_FAILED',
        `The snapshot bundle at ${key} changed while it was read; try again once the folder has finished syncing.`,
      );
    }
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
}

async function resolveRoot(root: string): Promise<string> {
  let info: Stats;
  let real: string;
  try {
    real = await realpath(root);
    info = await stat(real);
  } catch (error) {
    if (isMissing(error)) {
      throw new AppError(
        'TRANSPORT_UNREACHABLE',
        `The shared folder ${root} does not exist; check that it is mounted or synced to this machine.`,
        undefined,
        { cause: error },
      );
    }
    throw error;
  }
  if (!info.isDirectory()) {
    throw new AppError('TRANSPORT_UNREACHABLE', `The shared folder ${root} is not a folder.`);
  }
  return real;
}

/**
 * Creates the folders one level at a time, checking where each really is before going into
 * it, so a symlinked recipient folder cannot get even an empty folder created outside the root.
 */
async function folderInside(realRoot: string, names: string[], key: string): Promise<string> {
  let dir = realRoot;
  for (const name of names) {
    try {
      await mkdir(join(dir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    dir = await realpath(join(dir, name));
    insideRoot(realRoot, dir, key);
  }
  return dir;
}

function insideRoot(realRoot: string, realPath: string, key: string): void {
  const rel = relative(realRoot, realPath);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new AppError(
      'TRANSPORT_PATH_ESCAPE',
      `${key} leads outside the shared folder ${realRoot} (through a symbolic link); nothing was read or written.`,
    );
  }
}

function refuseNotAFile(key: string): never {
  throw new AppError('TRANSPORT_FAILED', `${key} in the shared folder is not a regular file.`);
}

/** Makes the rename itself durable. Windows cannot open a directory, and needs no such step. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
