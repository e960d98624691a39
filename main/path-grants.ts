/**
 * The files the user chose (dialog, OS open, drag and drop, Open Recent). A `{kind: 'path'}`
 * FileSource from the renderer is honoured only for these, so a compromised page cannot make the
 * host read any other file on disk (Electron security checklist #17: validate IPC arguments).
 */
import { isAbsolute, resolve } from 'node:path';
import type { FileSource } from '../src/api/contract.js';
import { UserError } from '../src/common/errors.js';

export class PathGrants {
  private readonly granted = new Set<string>();

  constructor(private readonly caseInsensitive = process.platform === 'win32' || process.platform === 'darwin') {}

  private key(path: string): string {
    const abs = resolve(path);
    return this.caseInsensitive ? abs.toLowerCase() : abs;
  }

  /** Records a path the user chose. Relative paths are a programming error. */
  grant(path: string): string {
    if (!isAbsolute(path)) throw new Error(`PathGrants.grant needs an absolute path, got ${path}`);
    this.granted.add(this.key(path));
    return resolve(path);
  }

  has(path: string): boolean {
    return isAbsolute(path) && this.granted.has(this.key(path));
  }

  /** Passes uploads through; a path must have been granted, and comes back normalised. */
  check(source: FileSource): FileSource {
    if (source.kind !== 'path') return source;
    if (!this.has(source.path)) {
      throw new UserError(`refused to open ${source.path}: choose it with File ▸ Open or drop it on the window`);
    }
    return { kind: 'path', path: resolve(source.path) };
  }
}
