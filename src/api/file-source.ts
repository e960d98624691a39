/**
 * Turns a user-chosen FileSource into bytes: a path (Electron, CLI) read from disk, or an upload
 * (serve mode) decoded from base64. Sizes are bounded so one hostile file cannot exhaust memory.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileSource } from './contract.js';
import { UserError, oneLine } from '../core/errors.js';

export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export interface LoadedFile {
  name: string;
  bytes: Uint8Array;
  /** Present for path sources: where the file lives (external data is resolved next to it). */
  path?: string;
}

export async function loadFileSource(src: FileSource, maxBytes = MAX_UPLOAD_BYTES): Promise<LoadedFile> {
  if (src.kind === 'upload') {
    const bytes = Buffer.from(src.base64, 'base64');
    if (bytes.length > maxBytes) throw new UserError(`${src.name}: file is larger than ${maxBytes} bytes`);
    return { name: basename(src.name), bytes };
  }
  let size: number;
  try {
    const s = await stat(src.path);
    if (!s.isFile()) throw new UserError(`${src.path}: not a file`);
    size = s.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${src.path}: cannot open (${oneLine(e)})`);
  }
  if (size > maxBytes) throw new UserError(`${src.path}: file is larger than ${maxBytes} bytes`);
  return { name: basename(src.path), bytes: await readFile(src.path), path: src.path };
}
