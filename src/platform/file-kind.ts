/**
 * What a path names when it is not a regular file (a folder, a named pipe, a device, a socket), for
 * messages that say so instead of "empty file" — `/dev/zero` and a FIFO both stat as 0 bytes, and
 * opening a FIFO blocks until a writer comes, so inputs are checked with stat before any open.
 */
import { statSync, type Stats } from 'node:fs';
import { UserError, oneLine } from '../core/errors.js';

/** `a folder`, `a named pipe (FIFO)`, … or undefined for a regular file. */
export function nonFileKind(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

/** "no such file", "permission denied", …: an fs error's code in words. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'EIO':
      return 'input/output error';
    case 'EBADF':
      return 'bad file descriptor (the stream is closed)';
    case 'EPIPE':
      return 'the reading end is closed (broken pipe)';
    case 'EFBIG':
      return 'file too large';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EXDEV':
      return 'cannot move across file systems';
    default:
      return code ? `${code}: ${oneLine(e)}` : oneLine(e);
  }
}

/**
 * Stats `path` and refuses anything but a regular file with one line naming what it is
 * (`photo.png: is a named pipe (FIFO), not a file`). `what` words the error for a missing file.
 */
export function statRegularFile(path: string, what = 'file'): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: ${code === 'ENOENT' ? `no such ${what}` : `cannot read (${describeFsError(e)})`}`, {
      cause: e,
    });
  }
  const kind = nonFileKind(st);
  if (kind) throw new UserError(`${path}: is ${kind}, not ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}`);
  return st;
}
