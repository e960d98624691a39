/**
 * Turns a user-chosen FileSource into a file to open: a path (Electron, CLI) on disk, or an upload
 * (serve mode, the desktop app's dropped files) as raw bytes or base64. Sizes are bounded so one hostile file cannot exhaust memory.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileSource } from './contract.js';
import { UserError, oneLine } from '../common/errors.js';
import { nonFileKind } from '../common/file-kinds.js';

/** Largest file opened (a model; openImage passes its own, smaller bound). */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** A file source within its size bound: a path (not read here) or an upload's bytes. */
export type CheckedFile = { name: string; path: string } | { name: string; bytes: Uint8Array };

export async function checkFileSource(src: FileSource, maxBytes = MAX_FILE_BYTES): Promise<CheckedFile> {
  if (src.kind === 'upload' || src.kind === 'bytes') {
    // A Buffer view of the bytes: decoders given a bare Uint8Array may read its whole ArrayBuffer.
    const bytes =
      src.kind === 'bytes'
        ? Buffer.from(src.bytes.buffer, src.bytes.byteOffset, src.bytes.byteLength)
        : Buffer.from(src.base64, 'base64');
    if (bytes.length > maxBytes) throw new UserError(`${src.name}: file is larger than ${maxBytes} bytes`);
    return { name: basename(src.name), bytes };
  }
  let size: number;
  try {
    const s = await stat(src.path);
    const kind = nonFileKind(s);
    if (kind) throw new UserError(`${src.path}: is ${kind}, not a file to open`);
    size = s.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${src.path}: cannot open (${oneLine(e)})`);
  }
  if (size > maxBytes) throw new UserError(`${src.path}: file is larger than ${maxBytes} bytes`);
  return { name: basename(src.path), path: src.path };
}

/** The file's name and bytes (a path is read). */
export async function loadFileSource(
  src: FileSource,
  maxBytes = MAX_FILE_BYTES,
): Promise<{ name: string; bytes: Uint8Array }> {
  const file = await checkFileSource(src, maxBytes);
  return 'bytes' in file ? file : { name: file.name, bytes: await readFile(file.path) };
}
