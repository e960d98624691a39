/**
 * Inputs are stat'ed before they are opened: a folder, a named pipe, a device or a socket is
 * refused with one line naming what it is (opening a FIFO would block until a writer comes).
 */
import { statSync, type Stats } from 'node:fs';
import { UserError } from '../common/errors.js';
import { describeFsError, nonFileKind } from '../common/file-kinds.js';

/**
 * Stats `path` and refuses anything but a regular file with one line naming what it is
 * (`photo.png: is a named pipe (FIFO), not an image file`). `what` names the file expected.
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
