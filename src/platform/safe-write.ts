/**
 * Every file splitlens writes (CLI outputs, the app's settings and recent files, exported SVGs, the
 * weights cache's small files) goes through here: written to a temporary file in the target's
 * folder, flushed, then renamed over the target, so a crash or a full disk leaves the old file
 * whole. An output that is an existing link, not a regular file, or one of the command's inputs
 * (same file by any path: `./x`, a hard link, a linked folder) is refused before anything is written.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../common/errors.js';
import { describeFsError, nonFileKind } from '../common/file-kinds.js';

export interface SafeWriteOptions {
  /** Files the command reads: the output may not be one of them. */
  inputs?: readonly string[];
  /** Permission bits of a new file (default 0o666 less the umask); a replaced file keeps its own. */
  mode?: number;
  /** How the user named the output, for messages (`-o`). */
  flag?: string;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`cannot write ${path}: ${describeFsError(e)}`, { cause: e });
  }
}

function sameFile(a: Stats, aPath: string, b: string): boolean {
  let st: Stats;
  try {
    st = statSync(b);
  } catch {
    return false; // an input that does not exist cannot be overwritten
  }
  if (st.dev === a.dev && st.ino === a.ino && a.ino !== 0) return true;
  try {
    return realpathSync(aPath) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * Refuses an output path that must not be written: empty, an existing link, a folder or device, or
 * one of `inputs`. Returns the existing target's stats (to keep its mode), or undefined for a new file.
 */
export function checkOutputPath(target: string, opts: SafeWriteOptions = {}): Stats | undefined {
  const flag = opts.flag ? `${opts.flag} ` : '';
  if (target.trim() === '') throw new UserError(`${flag}needs a file name, got an empty one`);
  const st = lstatOrUndefined(target);
  if (!st) return undefined;
  if (st.isSymbolicLink())
    throw new UserError(
      `${target}: is a symbolic link; refusing to write through it (remove it or choose another name)`,
    );
  const kind = nonFileKind(st);
  if (kind) throw new UserError(`${target}: is ${kind}, not a file to write`);
  const input = (opts.inputs ?? []).find((i) => sameFile(st, target, i));
  if (input !== undefined) {
    const same = input === target ? '' : ` (${input})`;
    throw new UserError(`${target}: is an input of this command${same}; refusing to overwrite it`);
  }
  return st;
}

/** `.<name>.<pid>-<random>.tmp` in the target's folder: same file system, so the rename is atomic. */
export function tempPathFor(target: string): string {
  const name = basename(target).slice(0, 100);
  return join(dirname(target), `.${name}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

function writeError(target: string, e: unknown): UserError {
  if (e instanceof UserError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? `folder ${dirname(target)} does not exist` : describeFsError(e);
  return new UserError(`cannot write ${target}: ${why}`, { cause: e });
}

const bytesOf = (data: string | Uint8Array): Uint8Array => (typeof data === 'string' ? Buffer.from(data) : data);

/** Best effort: makes the rename itself durable (directories cannot be opened on Windows). */
function fsyncDirSync(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported here; the rename is still atomic
  }
}

/** Writes `data` to `target` atomically (temp file in the same folder, fsync, rename). */
export async function writeFileSafely(
  target: string,
  data: string | Uint8Array,
  opts: SafeWriteOptions = {},
): Promise<void> {
  const existing = checkOutputPath(target, opts);
  const tmp = tempPathFor(target);
  const mode = existing ? existing.mode & 0o7777 : (opts.mode ?? 0o666);
  let created = false;
  try {
    const fh = await open(tmp, 'wx', mode); // O_EXCL: never opens a file (or link) already there
    created = true;
    try {
      const bytes = bytesOf(data);
      let done = 0;
      while (done < bytes.length) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
      if (existing) await fh.chmod(mode); // the umask may have narrowed it
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
    created = false;
  } catch (e) {
    if (created) await unlink(tmp).catch(() => undefined);
    throw writeError(target, e);
  }
  fsyncDirSync(dirname(target));
}

/** The synchronous twin of `writeFileSafely`, for small files written where nothing may await. */
export function writeFileSafelySync(target: string, data: string | Uint8Array, opts: SafeWriteOptions = {}): void {
  const existing = checkOutputPath(target, opts);
  const tmp = tempPathFor(target);
  const mode = existing ? existing.mode & 0o7777 : (opts.mode ?? 0o666);
  let created = false;
  try {
    const fd = openSync(tmp, 'wx', mode);
    created = true;
    try {
      const bytes = bytesOf(data);
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      if (existing) fchmodSync(fd, mode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    created = false;
  } catch (e) {
    if (created) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
    throw writeError(target, e);
  }
  fsyncDirSync(dirname(target));
}
