import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './cli-error';

/**
 * Reads a file named on the command line, looking at its size before reading it: a file larger
 * than `max` is never read, whatever it holds. A file that cannot be opened is bad input.
 */
export function readFileCapped(
  command: string,
  path: string,
  max: number,
  tooLarge: (size: number) => Error,
): Buffer {
  const file = resolve(path);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new UsageError(`${command}: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UsageError(`${command}: ${file} is not a file.`);
    if (stat.size > max) throw tooLarge(stat.size);
    // One byte more than the size: a file still growing is noticed rather than cut short.
    const buffer = Buffer.alloc(stat.size + 1);
    let total = 0;
    try {
      for (;;) {
        const read = readSync(fd, buffer, total, buffer.length - total, null);
        if (read === 0) break;
        total += read;
        if (total === buffer.length) break;
      }
    } catch (error) {
      throw new UsageError(`${command}: cannot read ${file}: ${(error as Error).message}`);
    }
    if (total !== stat.size) {
      throw new UsageError(`${command}: ${file} changed while it was read; try again.`);
    }
    return buffer.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * A new file written whole or not at all: the bytes go to a temporary file beside it, are
 * flushed to disk, and are linked into place only when complete. An existing file is never
 * written over. `prepare` opens the temporary file before the bytes exist, so that a folder
 * that cannot be written to is found out before work that cannot be undone (signing and
 * recording a snapshot) is done.
 */
export interface PendingFile {
  path: string;
  commit(bytes: Uint8Array | string): void;
  abandon(): void;
}

export function prepareNewFile(command: string, path: string): PendingFile {
  const file = resolve(path);
  if (existsSync(file)) {
    throw new UsageError(`${command}: ${file} already exists; name a new file.`);
  }
  const temporary = join(
    dirname(file),
    `.${basename(file)}.partial-${randomBytes(6).toString('hex')}`,
  );
  let fd: number | undefined;
  /** Written whole: from here on the temporary file is kept unless it was linked into place. */
  let written = false;
  try {
    fd = openSync(temporary, 'wx', 0o644);
  } catch (error) {
    throw new UsageError(`${command}: cannot write ${file}: ${(error as Error).message}`);
  }
  const removeTemporary = () => {
    try {
      unlinkSync(temporary);
    } catch {
      // Already gone.
    }
  };
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    path: file,
    commit(content) {
      if (fd === undefined || written) {
        throw new Error('This file was already committed or abandoned.');
      }
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      try {
        let offset = 0;
        while (offset < bytes.byteLength) {
          offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
        }
        fsyncSync(fd);
        close();
        written = true;
      } catch (error) {
        close();
        removeTemporary();
        throw new UsageError(`${command}: cannot write ${file}: ${(error as Error).message}`);
      }
      try {
        linkSync(temporary, file);
      } catch (error) {
        // Keep what was written: it may be a snapshot already recorded as sent.
        throw new UsageError(
          `${command}: cannot put the file at ${file} (${(error as Error).message}); it was kept at ${temporary}.`,
        );
      }
      removeTemporary();
    },
    abandon() {
      if (written) return;
      close();
      removeTemporary();
    },
  };
}
