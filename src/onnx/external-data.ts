/**
 * ONNX external data (`*.onnx.data`): locations are resolved relative to the model's folder and
 * must stay inside it (no absolute paths, no `..`, no symlink that leads out), as onnx's checker
 * requires. Bytes are read only on demand, one tensor slice at a time.
 */
import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { UserError } from '../common/errors.js';
import type { OnnxModel, OnnxTensor } from './model.js';
import { isLocalLocation } from './validate.js';

/** Tensors whose bytes live outside the .onnx file. */
export function externalTensors(model: OnnxModel): OnnxTensor[] {
  return [...model.initializers.values()].filter((t) => t.external);
}

/** Absolute path of an external-data file, checked to stay inside the model's folder. */
function resolveExternalPath(model: OnnxModel, location: string): string {
  const label = model.path ? basename(model.path) : 'ONNX bytes';
  if (!model.path) {
    throw new UserError(`${label}: the model references external data (${location}) but was not read from a file`);
  }
  if (!isLocalLocation(location)) {
    throw new UserError(
      `${label}: external data location "${location}" must be a relative path inside the model's folder`,
    );
  }
  const dir = dirname(model.path);
  const file = join(dir, location);
  if (!existsSync(file)) {
    throw new UserError(
      `${label}: weights are stripped or missing (external data file ${location} not found next to the model)`,
    );
  }
  const realDir = realpathSync(dir);
  const realFile = realpathSync(file);
  const rel = relative(realDir, realFile);
  if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) {
    throw new UserError(`${label}: external data location "${location}" leads outside the model's folder`);
  }
  if (!statSync(realFile).isFile()) throw new UserError(`${label}: external data ${location} is not a file`);
  return realFile;
}

/** Reads the bytes of one external tensor (synchronously: the caller is already off the UI thread). */
export function readExternalTensor(model: OnnxModel, tensor: OnnxTensor, fds = new Map<string, number>()): Uint8Array {
  const ref = tensor.external;
  if (!ref) throw new Error(`tensor ${tensor.name} is not external`);
  const file = resolveExternalPath(model, ref.location);
  const size = statSync(file).size;
  const length = ref.length ?? size - ref.offset;
  if (ref.offset < 0 || length < 0 || ref.offset + length > size) {
    const label = model.path ? basename(model.path) : 'model';
    throw new UserError(`${label}: external data for ${tensor.name} lies outside ${ref.location} (truncated file?)`);
  }
  let fd = fds.get(file);
  if (fd === undefined) {
    fd = openSync(file, 'r');
    fds.set(file, fd);
  }
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, ref.offset + done);
    if (n <= 0) break;
    done += n;
  }
  return out;
}

/** Runs `fn` with a cache of open file descriptors that is always closed afterwards. */
export function withOpenFiles<T>(fn: (fds: Map<string, number>) => T): T {
  const fds = new Map<string, number>();
  try {
    return fn(fds);
  } finally {
    for (const fd of fds.values()) closeSync(fd);
  }
}
