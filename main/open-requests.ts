/**
 * Files the OS hands to splitlens (command line, a second launch, macOS open-file, drag and drop):
 * which ones we open (`.onnx` and checkpoints as a model, photos as an image) and the dialog filters to match.
 */
import { extname, isAbsolute, resolve } from 'node:path';

import type { FileRole } from '../src/common/shell-bridge.js';

export type { FileRole };

export const MODEL_EXTENSIONS: readonly string[] = ['onnx', 'pth', 'pt', 'bin', 'safetensors'];
/** What sharp decodes that a person would call a photo. */
export const IMAGE_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'avif'];

export function fileRole(path: string): FileRole | null {
  const ext = extname(path).slice(1).toLowerCase();
  if (MODEL_EXTENSIONS.includes(ext)) return 'model';
  if (IMAGE_EXTENSIONS.includes(ext)) return 'image';
  return null;
}

/** `electron .` has the app folder as argv[1]; a packaged app starts its arguments at argv[1]. */
export function argvSkip(defaultApp: boolean): number {
  return defaultApp ? 2 : 1;
}

/**
 * The model and image paths named on a command line, made absolute against `cwd`. Switches
 * (Chromium adds some to a second instance's argv) and files of other kinds are ignored.
 */
export function filesFromArgv(argv: readonly string[], cwd: string, skip: number): string[] {
  const files: string[] = [];
  for (const arg of argv.slice(skip)) {
    if (arg.startsWith('-') || arg.includes('\0') || arg.length > 4096) continue;
    if (fileRole(arg) === null) continue;
    files.push(isAbsolute(arg) ? resolve(arg) : resolve(cwd, arg));
  }
  return files;
}

export const DIALOG_FILTERS: Readonly<Record<FileRole, { name: string; extensions: string[] }[]>> = {
  model: [{ name: 'Models (ONNX, PyTorch, safetensors)', extensions: [...MODEL_EXTENSIONS] }],
  image: [{ name: 'Images', extensions: [...IMAGE_EXTENSIONS] }],
};
