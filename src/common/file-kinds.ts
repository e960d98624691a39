/**
 * File kinds and file-system error codes in words, for one-line messages: what a path is when it
 * is not a regular file (`/dev/zero` and a FIFO both stat as 0 bytes — "empty file" would be wrong)
 * and what ENOSPC, EPIPE, ELOOP… mean. Pure: the caller stats (src/platform/file-kind.ts on Node)
 * or opens (`openedOrRefused`).
 */
import { UserError } from './errors.js';

/** The part of a stat result these messages need (Node's `fs.Stats` has it). */
export interface FileKindStats {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}

/** `a folder`, `a named pipe (FIFO)`, … or undefined for a regular file. */
export function nonFileKind(st: FileKindStats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EBADF: 'bad file descriptor (the stream is closed)',
  EPIPE: 'the reading end is closed (broken pipe)',
  EFBIG: 'file too large',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EXDEV: 'cannot move across file systems',
};

/** "no such file", "no space left on device", …: a file-system error in words (its message otherwise). */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  const message = e instanceof Error ? e.message.split('\n')[0]!.trim() : String(e);
  if (typeof code !== 'string') return message;
  return FS_ERRORS[code] ?? `${code}: ${message}`;
}

/**
 * What `open` returns (a file descriptor, say), or one line when the file cannot be opened:
 * `model.pth: cannot open checkpoint (no such file)`; `what` names the file expected. The caller
 * passes Node's open, so this stays free of Node.
 */
export function openedOrRefused<T>(path: string, what: string, open: () => T): T {
  try {
    return open();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : typeof code === 'string' ? code : 'unreadable';
    throw new UserError(`${path}: cannot open ${what} (${why})`, { cause: e });
  }
}
